import { setTimeout as sleep } from "node:timers/promises";
import type { JaegerQuery } from "./jaegerQuery";
import type { JaegerTrace } from "./jaegerTrace";
import { analyseTrace, countUnparentedServerTraces, type SpanServices, type TraceAnalysis } from "./traceAnalysis";
import type { WorkloadResult } from "./workload";

/**
 * Milvus's Go exporter sends a batch every 5 s (the OpenTelemetry default). When some client RPC
 * still has no server span below it, wait a full batch interval after the last arrival before
 * taking the trace as complete.
 */
const SETTLE_MS = 5500;

export interface FoundTrace {
  trace: JaegerTrace | undefined;
  analysis: TraceAnalysis | undefined;
  /** performance.now() when the trace was complete, or, when it never arrived, when the wait gave up. */
  completeAt: number;
}

/** What the wait for the trace found: all the judge needs from Jaeger about the traced workload. */
export interface TraceEvidence {
  found: FoundTrace;
  /** From the flush until the trace was complete, or until the wait gave up. */
  waitedMs: number;
  /** Every service Jaeger has received spans from, asked once the wait ended. */
  jaegerServices: string[];
}

/** The trace step: the workload's trace as Jaeger holds it, and the services Jaeger knows. */
export async function awaitTrace(
  jaeger: Pick<JaegerQuery, "trace" | "services">,
  workload: WorkloadResult,
  services: SpanServices,
  flushedAt: number,
  deadline: number,
  progress: (message: string) => void,
): Promise<TraceEvidence> {
  const found = await waitForTrace(jaeger, workload, services, deadline, progress);
  return { found, waitedMs: found.completeAt - flushedAt, jaegerServices: await jaeger.services() };
}

/**
 * Polls Jaeger for the workload's trace with backoff until every call has its client span and
 * Milvus's spans have stopped arriving, or until the deadline.
 */
export async function waitForTrace(
  jaeger: Pick<JaegerQuery, "trace">,
  workload: WorkloadResult,
  services: SpanServices,
  deadline: number,
  progress: (message: string) => void,
): Promise<FoundTrace> {
  const rpcs = workload.calls.map((call) => call.rpc);
  let latest: FoundTrace = { trace: undefined, analysis: undefined, completeAt: performance.now() };
  let lastSpanCount = -1;
  let lastReport = performance.now();

  // Polls at most every 250 ms: a query of one trace is cheap, and a slower poll would add up to
  // its interval to every run after the last span has arrived.
  for (let delay = 100; performance.now() < deadline; delay = Math.min(delay * 1.5, 250)) {
    const trace = await jaeger.trace(workload.traceId);
    const now = performance.now();
    if (trace) {
      const analysis = analyseTrace(trace, services, rpcs);
      // completeAt is when the last span arrived, not when this poll noticed that nothing more came.
      const arrivedAt = analysis.spanCount === lastSpanCount ? latest.completeAt : now;
      lastSpanCount = analysis.spanCount;
      latest = { trace, analysis, completeAt: arrivedAt };
      const everyRpcServed = analysis.clientSpansWithServerChild >= analysis.clientRpcSpans;
      const settled = everyRpcServed || now - arrivedAt >= SETTLE_MS;
      if (analysis.missingRpcs.length === 0 && analysis.linkedServerSpans > 0 && settled) return latest;
    }
    if (now - lastReport > 2000) {
      lastReport = now;
      progress(latest.analysis ? `trace has ${latest.analysis.spanCount} spans so far, waiting for the rest` : "trace not in Jaeger yet");
    }
    await sleep(Math.max(0, Math.min(delay, deadline - performance.now())));
  }
  return latest.trace ? latest : { ...latest, completeAt: performance.now() };
}

/**
 * Counts traces Milvus recorded for the untraced calls. Milvus's batches arrive a few seconds
 * late, so it polls until the count stops changing (or reaches `calls`).
 */
export async function waitForRecordedCount(
  jaeger: JaegerQuery,
  window: { rpc: string; startMs: number; endMs: number },
  services: SpanServices,
  calls: number,
  deadline: number,
  progress: (message: string) => void,
  /** Under tail sampling nothing reaches storage before the collector's decision. */
  decisionWaitMs = 0,
): Promise<number> {
  const quietMs = 6000 + decisionWaitMs;
  let count = -1;
  let changedAt = performance.now();
  while (performance.now() < deadline) {
    const traces = await jaeger.traces(services.milvus.server, window.startMs - 1000, window.endMs + 1000, calls * 20 + 100);
    const next = countUnparentedServerTraces(traces, window.rpc, services);
    if (next !== count) {
      count = next;
      changedAt = performance.now();
      progress(`Milvus recorded ${count} of ${calls} untraced calls so far`);
    }
    if (count >= calls || performance.now() - changedAt >= quietMs) break;
    await sleep(1000);
  }
  return Math.max(count, 0);
}
