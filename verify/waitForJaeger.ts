import { setTimeout as sleep } from "node:timers/promises";
import type { JaegerQuery } from "./jaegerQuery";
import type { JaegerTrace } from "./jaegerTrace";
import { analyseTrace, countUnparentedServerTraces, MILVUS_SERVICE_NAME, type TraceAnalysis } from "./traceAnalysis";
import type { VerifyTarget } from "./target";
import { VerifyError } from "./verifyError";
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

/**
 * Polls Jaeger for the workload's trace with backoff until every call has its client span and
 * Milvus's spans have stopped arriving, or until the deadline.
 */
export async function waitForTrace(
  jaeger: Pick<JaegerQuery, "trace">,
  workload: WorkloadResult,
  clientService: string,
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
      const analysis = analyseTrace(trace, clientService, rpcs);
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
 * The client's spans never arrived (the trace may still hold Milvus's): most often the client's
 * exporter could not talk to the receiver.
 */
export function diagnoseUndeliveredClientSpans(exportFailures: readonly string[], target: VerifyTarget): void {
  if (exportFailures.length === 0) return;
  throw new VerifyError(
    target.otlpEndpoint,
    `the OTLP receiver did not accept the client's spans (${exportFailures[exportFailures.length - 1] ?? ""})`,
    target.secure
      ? "TLS was used: is the receiver serving TLS, and is its certificate signed by the CA given (stack output caCertificate / --ca-file)?"
      : "Plaintext was used: if the receiver serves TLS, set secure (--secure) and give its CA; else is Jaeger running?",
  );
}

/** The client's spans arrived but none of Milvus's: tell a broken Milvus exporter from broken propagation. */
export async function diagnoseMissingServerSpans(jaeger: JaegerQuery): Promise<void> {
  if ((await jaeger.services()).includes(MILVUS_SERVICE_NAME)) return;
  throw new VerifyError(
    "Milvus -> Jaeger OTLP export (trace.* in Milvus's config)",
    `Jaeger has never received a span from Milvus (no service "${MILVUS_SERVICE_NAME}")`,
    "Milvus's trace.otlp.secure must match the receiver: Milvus defaults it to true, so a plaintext receiver needs secure: false written out, " +
      "and a TLS receiver needs secure: true with the CA in SSL_CERT_FILE. Also check trace.exporter is otlp, the endpoint resolves from Milvus, " +
      "and that Milvus was restarted after the change (trace settings are read at start).",
  );
}

/**
 * Counts traces Milvus recorded for the untraced calls. Milvus's batches arrive a few seconds
 * late, so it polls until the count stops changing (or reaches `calls`).
 */
export async function waitForRecordedCount(
  jaeger: JaegerQuery,
  window: { rpc: string; startMs: number; endMs: number },
  clientService: string,
  calls: number,
  deadline: number,
  progress: (message: string) => void,
): Promise<number> {
  const quietMs = 6000;
  let count = -1;
  let changedAt = performance.now();
  while (performance.now() < deadline) {
    const traces = await jaeger.traces(MILVUS_SERVICE_NAME, window.startMs - 1000, window.endMs + 1000, calls * 20 + 100);
    const next = countUnparentedServerTraces(traces, window.rpc, clientService);
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
