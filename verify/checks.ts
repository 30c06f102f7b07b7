import type { TraceAnalysis } from "./traceAnalysis";
import { seconds } from "./seconds";
import { exactInterval, SAMPLING_CONFIDENCE } from "./exactInterval";
import type { WorkloadCall } from "./workload";

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
}

/** Checks 1-3 from what Jaeger holds for the workload's trace (undefined: never found). */
export function traceChecks(analysis: TraceAnalysis | undefined, calls: readonly WorkloadCall[], waitedMs: number): CheckResult[] {
  if (!analysis) {
    return [
      { name: "trace in Jaeger", passed: false, detail: `not found within ${seconds(waitedMs)}` },
      { name: "client span per RPC", passed: false, detail: "no trace to look at" },
      { name: "Milvus server spans in the trace", passed: false, detail: "no trace to look at" },
    ];
  }
  const matched = calls.length - analysis.missingRpcs.length;
  const sdkCalls = analysis.extraClientSpans > 0 ? ` (+${analysis.extraClientSpans} the SDK made itself)` : "";
  const missing = analysis.missingRpcs.length > 0 ? `; missing: ${[...new Set(analysis.missingRpcs)].join(", ")}` : "";
  return [
    { name: "trace in Jaeger", passed: true, detail: `found after ${seconds(waitedMs)}, ${analysis.spanCount} spans` },
    {
      name: "client span per RPC",
      passed: analysis.missingRpcs.length === 0 && calls.length > 0,
      detail: `${matched}/${calls.length} calls have a client span${sdkCalls}${missing}`,
    },
    {
      name: "Milvus server spans in the trace",
      passed: analysis.linkedServerSpans > 0,
      detail:
        `${analysis.serverSpans} "standalone" spans, ${analysis.linkedServerSpans} descend from a client span ` +
        `(${analysis.clientSpansWithServerChild} of ${analysis.clientRpcSpans} client RPC spans have server spans below them)`,
    },
  ];
}

/**
 * Check 4: the share of parentless calls Milvus recorded agrees with its sampleFraction, judged
 * by an exact 99.9% interval so that a healthy stack fails at most one run in a thousand.
 */
export function samplingCheck(recorded: number, calls: number, sampleFraction: number): CheckResult {
  const observed = recorded / calls;
  const { low, high } = exactInterval(recorded, calls);
  const interval = `observed ${recorded}/${calls} = ${observed.toFixed(3)}, ${SAMPLING_CONFIDENCE * 100}% interval [${low.toFixed(3)}, ${high.toFixed(3)}]`;
  const inside = sampleFraction >= low && sampleFraction <= high;
  return { name: "sampling of untraced calls", passed: inside, detail: `${interval}; sampleFraction ${sampleFraction} ${inside ? "inside" : "OUTSIDE"}` };
}
