import type { CollectorCounters } from "../verify/collectorCounters";

/** The client's own tally: spans it ended, and spans its exporter had accepted or failed to send. */
export interface ClientSpans {
  ended: number;
  exported: number;
  failed: number;
}

export interface SpanAccount {
  client: ClientSpans;
  /**
   * What Jaeger accepted from Milvus (standalone and segcore): all it accepted less the client's
   * exported spans. The client and Milvus are its only senders in the benchmark's namespace, and
   * a span the client counts as exported is one Jaeger accepted.
   */
  milvusDelivered: number;
  collector: CollectorCounters;
  /**
   * Spans lost against the operator's wishes: refused by the receiver, failed to store, and traces
   * dropped before their decision (a trace count, not spans: nonzero is what matters). Tail
   * sampling's policy drops are intended and not in it.
   */
  dropped: number;
}

export function accountSpans(client: ClientSpans, collector: CollectorCounters): SpanAccount {
  return {
    client,
    milvusDelivered: collector.receiverAccepted - client.exported,
    collector,
    dropped: collector.receiverRefused + collector.exporterFailed + collector.droppedTooEarly,
  };
}

/**
 * The highest rate below which every measured rate dropped nothing: a clean rate above a rate that
 * dropped spans is luck, not capacity. undefined when the lowest rate already dropped some.
 */
export function highestCleanRate(runs: readonly { callsPerSecond: number; dropped: number }[]): number | undefined {
  let clean: number | undefined;
  for (const run of [...runs].sort((a, b) => a.callsPerSecond - b.callsPerSecond)) {
    if (run.dropped > 0) break;
    clean = run.callsPerSecond;
  }
  return clean;
}

/** Spans of one call's trace as Jaeger stored it, by sender. */
export interface StoredSpans {
  client: number;
  milvus: number;
}

export interface FaultLoss {
  calls: number;
  /** The client's exporter's own tally (its connection's few spans too), and the calls' spans in storage. */
  client: ClientSpans & { expected: number; stored: number; lost: number };
  /**
   * Milvus's spans per traced call: the most common count among the stored traces that have any
   * (Milvus sends a fixed set per search); undefined when no trace kept any.
   */
  milvusPerCall: number | undefined;
  milvus: { expected: number; stored: number; lost: number } | undefined;
  /** Calls whose trace Jaeger has with every client span and milvusPerCall Milvus spans; with some of them; with none. */
  traces: Record<TraceState, number>;
  /** Each call's, in the order given. */
  states: TraceState[];
}

export type TraceState = "complete" | "partial" | "missing";

/**
 * What a fault cost, trace by trace: each call's trace (by the id its client span had) looked up in
 * Jaeger's storage after the fault, against what the client ended and what Milvus sends per call.
 */
export function faultLoss(stored: readonly (StoredSpans | undefined)[], client: ClientSpans, clientSpansPerCall: number): FaultLoss {
  const milvusPerCall = mostCommon(stored.map((spans) => spans?.milvus ?? 0).filter((count) => count > 0));
  const clientStored = sum(stored.map((spans) => spans?.client ?? 0));
  const milvusStored = sum(stored.map((spans) => spans?.milvus ?? 0));
  const states = stored.map((spans): TraceState => {
    const total = (spans?.client ?? 0) + (spans?.milvus ?? 0);
    if (total === 0) return "missing";
    return spans?.client === clientSpansPerCall && spans.milvus === (milvusPerCall ?? 0) ? "complete" : "partial";
  });
  const traces = { complete: 0, partial: 0, missing: 0 };
  for (const state of states) traces[state] += 1;
  const milvusExpected = milvusPerCall === undefined ? undefined : milvusPerCall * stored.length;
  const clientExpected = clientSpansPerCall * stored.length;
  return {
    calls: stored.length,
    client: { ...client, expected: clientExpected, stored: clientStored, lost: clientExpected - clientStored },
    milvusPerCall,
    milvus: milvusExpected === undefined ? undefined : { expected: milvusExpected, stored: milvusStored, lost: milvusExpected - milvusStored },
    traces,
    states,
  };
}

/**
 * The share of calls (0-1) whose trace is complete, per `bucketMs` of the calls' due times: when in
 * the run the spans were lost. NaN for a bucket without calls.
 */
export function completeShareOverTime(dueMs: readonly number[], states: readonly TraceState[], bucketMs: number): number[] {
  const buckets: { calls: number; complete: number }[] = [];
  for (const [index, at] of dueMs.entries()) {
    const bucket = Math.floor(at / bucketMs);
    while (buckets.length <= bucket) buckets.push({ calls: 0, complete: 0 });
    const entry = buckets[bucket] as { calls: number; complete: number };
    entry.calls += 1;
    if (states[index] === "complete") entry.complete += 1;
  }
  return buckets.map((entry) => (entry.calls === 0 ? Number.NaN : entry.complete / entry.calls));
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** The most frequent value; the larger one on a tie. */
function mostCommon(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] > best[0])) best = entry;
  return best?.[0];
}
