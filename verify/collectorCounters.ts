/**
 * Jaeger's own counters, from its collector's Prometheus endpoint (service.telemetry.metrics): what
 * the OTLP receiver took and refused, what the storage exporter wrote and failed to, and what tail
 * sampling kept, dropped, and dropped before deciding. Names as the lab's Jaeger 2.13.0 serves them
 * (verify/fixtures/jaeger-2.13-metrics.txt), summed over their labels.
 */
export interface CollectorCounters {
  /** Jaeger's forwarder to the team's backend (forwardMode), when it has one. */
  forward?: ForwardCounters;
  receiverAccepted: number;
  receiverRefused: number;
  exporterSent: number;
  exporterFailed: number;
  tracesKept: number;
  tracesDropped: number;
  droppedTooEarly: number;
}

/**
 * The forward exporter's own series (exporterhelper), told from the storage exporter's by their
 * `exporter` label: spans it sent, spans the backend refused or it gave up retrying, spans that
 * found its queue full, and what its queue holds (a gauge) of how much.
 */
export interface ForwardCounters {
  exporter: string;
  sent: number;
  failed: number;
  enqueueFailed: number;
  queueSize: number;
  queueCapacity: number;
}

const FORWARD_EXPORTER = /^otlp(http)?\/forward$/;
const FORWARD_SERIES: Record<Exclude<keyof ForwardCounters, "exporter">, string> = {
  sent: "otelcol_exporter_sent_spans_total",
  failed: "otelcol_exporter_send_failed_spans_total",
  enqueueFailed: "otelcol_exporter_enqueue_failed_spans_total",
  queueSize: "otelcol_exporter_queue_size",
  queueCapacity: "otelcol_exporter_queue_capacity",
};

type Counted = Exclude<keyof CollectorCounters, "forward">;

const SERIES: Record<Counted, { name: string; labels?: Record<string, string> }> = {
  receiverAccepted: { name: "otelcol_receiver_accepted_spans_total" },
  receiverRefused: { name: "otelcol_receiver_refused_spans_total" },
  exporterSent: { name: "otelcol_exporter_sent_spans_total", labels: { exporter: "jaeger_storage_exporter" } },
  exporterFailed: { name: "otelcol_exporter_send_failed_spans_total", labels: { exporter: "jaeger_storage_exporter" } },
  tracesKept: { name: "otelcol_processor_tail_sampling_global_count_traces_sampled_total", labels: { sampled: "true" } },
  tracesDropped: { name: "otelcol_processor_tail_sampling_global_count_traces_sampled_total", labels: { sampled: "false" } },
  droppedTooEarly: { name: "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total" },
};

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The counters in a Prometheus text exposition; a series it lacks counts 0 (head mode has no tail sampling). */
export function parseCollectorCounters(text: string): CollectorCounters {
  const counters: CollectorCounters = { receiverAccepted: 0, receiverRefused: 0, exporterSent: 0, exporterFailed: 0, tracesKept: 0, tracesDropped: 0, droppedTooEarly: 0 };
  for (const line of text.split("\n")) {
    const match = LINE.exec(line);
    if (!match || line.startsWith("#")) continue;
    const [, name, labelText = "", value] = match;
    const labels = new Map<string, string>([...labelText.matchAll(LABEL)].map((label): [string, string] => [label[1] ?? "", label[2] ?? ""]));
    const exporter = labels.get("exporter") ?? "";
    if (FORWARD_EXPORTER.test(exporter)) {
      for (const [key, seriesName] of Object.entries(FORWARD_SERIES) as [keyof typeof FORWARD_SERIES, string][]) {
        if (seriesName !== name) continue;
        counters.forward ??= { exporter, sent: 0, failed: 0, enqueueFailed: 0, queueSize: 0, queueCapacity: 0 };
        counters.forward[key] += Number(value);
      }
    }
    for (const [key, series] of Object.entries(SERIES) as [Counted, (typeof SERIES)[Counted]][]) {
      if (series.name !== name) continue;
      if (Object.entries(series.labels ?? {}).some(([label, wanted]) => labels.get(label) !== wanted)) continue;
      counters[key] += Number(value);
    }
  }
  return counters;
}

export async function readCollectorCounters(metricsUrl: string, timeoutMs = 5000): Promise<CollectorCounters> {
  const response = await fetch(`${metricsUrl.replace(/\/+$/, "")}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${metricsUrl}/metrics answered HTTP ${response.status}`);
  return parseCollectorCounters(await response.text());
}

/** What changed between two readings: the run's own window. */
export function countersSince(before: CollectorCounters, after: CollectorCounters): CollectorCounters {
  const delta = { ...after };
  for (const key of Object.keys(SERIES) as Counted[]) delta[key] = after[key] - before[key];
  if (after.forward) {
    const earlier = before.forward ?? { sent: 0, failed: 0, enqueueFailed: 0 };
    // The queue's size and capacity are gauges: as they stand at the end.
    delta.forward = {
      ...after.forward,
      sent: after.forward.sent - earlier.sent,
      failed: after.forward.failed - earlier.failed,
      enqueueFailed: after.forward.enqueueFailed - earlier.enqueueFailed,
    };
  }
  return delta;
}

/** verify's report lines: what the collector lost or dropped while verify ran. */
export function describeCollector(delta: CollectorCounters): string[] {
  const lost = delta.receiverRefused + delta.exporterFailed;
  return [
    `  Jaeger's collector while verify ran: ${delta.receiverAccepted} spans accepted, ${delta.receiverRefused} refused; ${delta.exporterSent} stored, ${delta.exporterFailed} failed to store`,
    `           tail sampling: ${delta.tracesKept} traces kept, ${delta.tracesDropped} dropped by policy, ${delta.droppedTooEarly} dropped before their decision` +
      (lost > 0 || delta.droppedTooEarly > 0 ? " (spans LOST: see Jaeger's memory limit and tailDecisionWaitSeconds)" : ""),
    ...(delta.forward ? [describeForward(delta.forward)] : []),
  ];
}

export function describeForward(forward: ForwardCounters): string {
  const lost = forward.failed + forward.enqueueFailed;
  return (
    `           forwarder ${forward.exporter}: ${forward.sent} spans sent to the backend, ${forward.failed} failed, ${forward.enqueueFailed} refused by a full queue; ` +
    `${forward.queueSize} of ${forward.queueCapacity} queued` +
    (lost > 0 ? " (spans LOST to the backend: see Jaeger's log for the cause)" : "")
  );
}
