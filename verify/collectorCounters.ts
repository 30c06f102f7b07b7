/**
 * Jaeger's own counters, from its collector's Prometheus endpoint (service.telemetry.metrics): what
 * the OTLP receiver took and refused, what the storage exporter wrote and failed to, and what tail
 * sampling kept, dropped, and dropped before deciding. Names as the lab's Jaeger 2.13.0 serves them
 * (verify/fixtures/jaeger-2.13-metrics.txt), summed over their labels.
 */
export interface CollectorCounters {
  receiverAccepted: number;
  receiverRefused: number;
  exporterSent: number;
  exporterFailed: number;
  tracesKept: number;
  tracesDropped: number;
  droppedTooEarly: number;
}

const SERIES: Record<keyof CollectorCounters, { name: string; labels?: Record<string, string> }> = {
  receiverAccepted: { name: "otelcol_receiver_accepted_spans_total" },
  receiverRefused: { name: "otelcol_receiver_refused_spans_total" },
  exporterSent: { name: "otelcol_exporter_sent_spans_total" },
  exporterFailed: { name: "otelcol_exporter_send_failed_spans_total" },
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
    for (const [key, series] of Object.entries(SERIES) as [keyof CollectorCounters, (typeof SERIES)[keyof CollectorCounters]][]) {
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
  for (const key of Object.keys(delta) as (keyof CollectorCounters)[]) delta[key] = after[key] - before[key];
  return delta;
}

/** verify's report lines: what the collector lost or dropped while verify ran. */
export function describeCollector(delta: CollectorCounters): string[] {
  const lost = delta.receiverRefused + delta.exporterFailed;
  return [
    `  Jaeger's collector while verify ran: ${delta.receiverAccepted} spans accepted, ${delta.receiverRefused} refused; ${delta.exporterSent} stored, ${delta.exporterFailed} failed to store`,
    `           tail sampling: ${delta.tracesKept} traces kept, ${delta.tracesDropped} dropped by policy, ${delta.droppedTooEarly} dropped before their decision` +
      (lost > 0 || delta.droppedTooEarly > 0 ? " (spans LOST: see Jaeger's memory limit and tailDecisionWaitSeconds)" : ""),
  ];
}
