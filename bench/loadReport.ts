import type { CollectorCounters } from "../verify/collectorCounters";
import type { RatioEstimate } from "./blockBootstrap";
import type { Mode } from "./loadOptions";
import { highestCleanRate, type FaultLoss, type SpanAccount } from "./spanAccounting";

/** One rate in one mode: latencies by side, what happened to the spans, what the servers spent. */
export interface RateRun {
  mode: Mode;
  callsPerSecond: number;
  calls: { traced: number; untraced: number; failed: number };
  /** Calls answered per second, from the first call's due time to the last answer: below the rate when Milvus falls behind. */
  answeredPerSecond: number;
  latencyMs: { traced: { p50: number; p99: number }; untraced: { p50: number; p99: number } };
  /** traced / untraced with block-bootstrap intervals; undefined with fewer than two pairs. */
  ratios: { p50: RatioEstimate; p99: RatioEstimate } | undefined;
  pairs: number;
  /** How late calls went out against their schedule: the load generator's own lag. */
  lagP99Ms: number;
  spans: SpanAccount;
  cpuSeconds: { jaeger: number; milvus: number; client: number };
  peakRssBytes: { jaeger: number; milvus: number };
  /** The load, then the settle time in which the last spans reach storage: the counters' window. */
  windowSeconds: number;
}

export interface FaultRun {
  mode: Mode;
  callsPerSecond: number;
  /** From the kill until the restarted Jaeger answered its health check. */
  downSeconds: number;
  /** From the start of the calls: the kill, and the restarted Jaeger's first healthy answer. */
  killedAtSeconds: number;
  upAtSeconds: number;
  /** completeShareOverTime's buckets, and their length. */
  completeShare: number[];
  bucketSeconds: number;
  failedCalls: number;
  /** The first few failures' messages. */
  failures: string[];
  loss: FaultLoss;
  /** The killed Jaeger's counters just before the kill, and the restarted one's at the end. */
  beforeKill: CollectorCounters;
  afterRestart: CollectorCounters;
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  // The first column (the mode) reads left to right; numbers line up on the right.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(header.map((_, column) => "-".repeat(widths[column] ?? 0))), ...rows.map(line)];
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const ratio = (estimate: RatioEstimate | undefined): string =>
  estimate === undefined ? "-" : `${fixed(estimate.ratio, 3)} (${fixed(estimate.low, 3)}-${fixed(estimate.high, 3)})`;
const mib = (bytes: number): string => fixed(bytes / 2 ** 20, 0);

export function latencyTable(runs: readonly RateRun[]): string[] {
  return renderTable(
    ["mode", "calls/s", "answered/s", "calls traced/untraced", "failed", "p50 traced", "p50 untraced", "p50 ratio (95% CI)", "p99 traced", "p99 untraced", "p99 ratio (95% CI)", "lag p99"],
    runs.map((run) => [
      run.mode,
      String(run.callsPerSecond),
      fixed(run.answeredPerSecond, 1),
      `${run.calls.traced}/${run.calls.untraced}`,
      String(run.calls.failed),
      fixed(run.latencyMs.traced.p50, 1),
      fixed(run.latencyMs.untraced.p50, 1),
      ratio(run.ratios?.p50),
      fixed(run.latencyMs.traced.p99, 1),
      fixed(run.latencyMs.untraced.p99, 1),
      ratio(run.ratios?.p99),
      fixed(run.lagP99Ms, 1),
    ]),
  );
}

export function spanTable(runs: readonly RateRun[]): string[] {
  return renderTable(
    ["mode", "calls/s", "client sent (failed)", "Milvus sent", "Jaeger accepted", "refused", "stored", "store failed", "tail kept/dropped/too early", "dropped"],
    runs.map(({ mode, callsPerSecond, spans }) => [
      mode,
      String(callsPerSecond),
      `${spans.client.exported} (${spans.client.failed})`,
      String(spans.milvusDelivered),
      String(spans.collector.receiverAccepted),
      String(spans.collector.receiverRefused),
      String(spans.collector.exporterSent),
      String(spans.collector.exporterFailed),
      mode === "tail" ? `${spans.collector.tracesKept}/${spans.collector.tracesDropped}/${spans.collector.droppedTooEarly}` : "-",
      String(spans.dropped),
    ]),
  );
}

export function resourceTable(runs: readonly RateRun[]): string[] {
  return renderTable(
    ["mode", "calls/s", "window s", "Jaeger CPU s", "Jaeger RSS max MiB", "Milvus CPU s", "Milvus RSS max MiB", "client CPU s"],
    runs.map((run) => [
      run.mode,
      String(run.callsPerSecond),
      fixed(run.windowSeconds, 0),
      fixed(run.cpuSeconds.jaeger, 1),
      mib(run.peakRssBytes.jaeger),
      fixed(run.cpuSeconds.milvus, 1),
      mib(run.peakRssBytes.milvus),
      fixed(run.cpuSeconds.client, 1),
    ]),
  );
}

const counters = (c: CollectorCounters, mode: Mode): string =>
  `${c.receiverAccepted} accepted, ${c.receiverRefused} refused, ${c.exporterSent} stored, ${c.exporterFailed} failed to store` +
  (mode === "tail" ? `; traces ${c.tracesKept} kept, ${c.tracesDropped} dropped by policy, ${c.droppedTooEarly} dropped too early` : "");

export function faultLines(fault: FaultRun): string[] {
  const { loss } = fault;
  const milvus = loss.milvus
    ? `Milvus spans: ${loss.milvusPerCall} per call (the usual count in the stored traces), ${loss.milvus.expected} expected, ${loss.milvus.stored} stored, ${loss.milvus.lost} lost`
    : "Milvus spans: not measurable (no stored trace has one)";
  return [
    `fault, ${fault.mode}: ${fault.callsPerSecond} calls/s, every call traced; Jaeger killed (SIGKILL) and restarted on the same ports and Badger directory after ${fixed(fault.downSeconds, 1)} s`,
    `  Milvus calls failed: ${fault.failedCalls} of ${loss.calls}${fault.failures.length > 0 ? ` (${fault.failures.join(" | ")})` : ""}`,
    `  client spans: ${loss.client.expected} expected (${loss.calls > 0 ? loss.client.expected / loss.calls : 0} per call), ${loss.client.stored} stored, ${loss.client.lost} lost; its exporter: ${loss.client.ended} ended, ${loss.client.exported} exported, ${loss.client.failed} failed`,
    `  ${milvus}`,
    `  traces: ${loss.traces.complete} complete, ${loss.traces.partial} partial, ${loss.traces.missing} missing`,
    `  complete traces by when the call was made, per ${fault.bucketSeconds} s (killed at ${fixed(fault.killedAtSeconds, 1)} s, healthy again at ${fixed(fault.upAtSeconds, 1)} s): ` +
      fault.completeShare.map((share) => (Number.isNaN(share) ? "-" : `${Math.round(share * 100)}%`)).join(" "),
    `  Jaeger before the kill: ${counters(fault.beforeKill, fault.mode)}`,
    `  Jaeger after the restart: ${counters(fault.afterRestart, fault.mode)}`,
  ];
}

/** The closing lines: what counts as dropped, and the highest clean rate per mode. */
export function cleanRateLines(runs: readonly RateRun[], modes: readonly Mode[]): string[] {
  const rate = (mode: Mode): string => {
    const clean = highestCleanRate(runs.filter((run) => run.mode === mode).map((run) => ({ callsPerSecond: run.callsPerSecond, dropped: run.spans.dropped })));
    return `${clean === undefined ? "none" : String(clean)} calls/s (${mode})`;
  };
  return [
    "dropped = spans refused by the receiver + spans that failed to store + traces dropped before their decision; tail sampling's policy drops are intended and not counted",
    `highest rate with 0 dropped spans: ${modes.map(rate).join(" / ")}`,
  ];
}
