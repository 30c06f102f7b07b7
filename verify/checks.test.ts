import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../components/services/milvusSpanServices";
import { backendCheckNames, checkedSteps, exitCodeOf, failedForward, judge, noEvidence, samplingCheck, traceChecks, type CheckResult, type Evidence } from "./checks";
import type { JaegerResponse, JaegerTrace } from "./jaegerTrace";
import { UsageError } from "./options";
import { analyseTrace, type SpanServices, type TraceAnalysis } from "./traceAnalysis";
import { VerifyError } from "./verifyError";

const calls = ["CheckHealth", "Search"].map((rpc) => ({ step: rpc, rpc, ms: 1 }));
const analysis = (overrides: Partial<TraceAnalysis>): TraceAnalysis => ({
  spanCount: 10,
  clientRpcSpans: 3,
  clientSpansByRpc: new Map([["CheckHealth", 1], ["Search", 1], ["DescribeCollection", 1]]),
  missingRpcs: [],
  extraClientSpans: 1,
  serverSpans: 5,
  linkedServerSpans: 5,
  clientSpansWithServerChild: 3,
  ...overrides,
});

describe("traceChecks", () => {
  it("passes all three when every call has its span and Milvus's spans hang below", () => {
    const checks = traceChecks(analysis({}), calls, 1234, "standalone");
    assert.deepEqual(checks.map((c) => c.passed), [true, true, true]);
    assert.match(checks[0]?.detail ?? "", /found after 1\.23 s, 10 spans/);
    assert.match(checks[1]?.detail ?? "", /2\/2 calls have a client span \(\+1 the SDK made itself\)/);
    assert.match(checks[2]?.detail ?? "", /5 "standalone" spans, 5 descend from a client span/);
  });
  it("names Milvus's server spans by the service it is given", () => {
    assert.match(traceChecks(analysis({}), calls, 1, "proxy")[2]?.detail ?? "", /^5 "proxy" spans/);
  });
  it("fails check 2 naming the missing RPC", () => {
    const clientCheck = traceChecks(analysis({ missingRpcs: ["Search"] }), calls, 10, "standalone")[1];
    assert.ok(clientCheck);
    assert.equal(clientCheck.passed, false);
    assert.match(clientCheck.detail, /1\/2 calls .* missing: Search/);
  });
  it("fails check 3 when no server span descends from the client", () => {
    assert.equal(traceChecks(analysis({ linkedServerSpans: 0 }), calls, 10, "standalone")[2]?.passed, false);
  });
  it("fails all three when the trace never arrived, saying how long it waited", () => {
    const checks = traceChecks(undefined, calls, 60000, "standalone");
    assert.deepEqual(checks.map((c) => [c.passed, c.ran]), [[false, true], [false, true], [false, true]]);
    assert.match(checks[0]?.detail ?? "", /not found within 60\.00 s/);
  });
});

describe("samplingCheck", () => {
  it("passes when sampleFraction lies in the 99.9% interval", () => {
    assert.equal(samplingCheck(0, 30, 0).passed, true);
    assert.equal(samplingCheck(30, 30, 1).passed, true);
    assert.equal(samplingCheck(14, 30, 0.5).passed, true);
    // A 95% Wilson interval ([0.167, 0.479]) would have failed this run of a stack at 0.5; 99.9% does not.
    assert.equal(samplingCheck(9, 30, 0.5).passed, true);
  });
  it("fails outside it, naming the interval", () => {
    const check = samplingCheck(30, 30, 0.1);
    assert.equal(check.passed, false);
    assert.match(check.detail, /observed 30\/30 = 1\.000, 99\.9% interval \[0\.776, 1\.000\]; sampleFraction 0\.1 OUTSIDE/);
    assert.equal(samplingCheck(20, 200, 0.5).passed, false);
  });

  it("under tail sampling expects sampleFraction times the collector's baseline", () => {
    const kept = samplingCheck(21, 200, 1, 10);
    assert.equal(kept.passed, true);
    assert.match(kept.detail, /sampleFraction 1 x tail baseline 10% = 0\.1 inside/);
    assert.equal(samplingCheck(200, 200, 1, 10).passed, false, "every trace kept is not a 10% baseline");
    assert.equal(samplingCheck(10, 200, 0.5, 10).passed, true);
  });
});

describe("exitCodeOf", () => {
  it("is 0 when all pass, 1 when a check fails, 2 on an error", () => {
    const check = (passed: boolean): CheckResult => ({ name: "a", passed, ran: true, detail: "" });
    assert.equal(exitCodeOf([check(true)], undefined), 0);
    assert.equal(exitCodeOf([check(false)], undefined), 1);
    assert.equal(exitCodeOf([], { endpoint: "x", message: "y", hint: "z" }), 2);
  });
});

/** The trace the real Jaeger returned for verify's workload against a real Milvus 2.3 (see fixtures/). */
const recording = JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as {
  recordedWith: { clientService: string; calls: string[] };
  response: JaegerResponse<JaegerTrace[]>;
};
const recorded = recording.response.data?.[0];
if (!recorded) throw new Error("fixture has no trace");
const services: SpanServices = { client: recording.recordedWith.clientService, milvus: MILVUS_STANDALONE_SPAN_SERVICES };
const recordedCalls = recording.recordedWith.calls.map((rpc) => ({ step: rpc, rpc, ms: 1 }));
const JAEGER = "http://127.0.0.1:16686";
const jaegerDown = new VerifyError(JAEGER, "Jaeger's query API did not answer (connect ECONNREFUSED 127.0.0.1:16686)", "Is Jaeger running?");

/** Evidence of a run that got as far as `stopped` (every step, when undefined). */
function evidence(overrides: Partial<Evidence>, sampling = 0): Evidence {
  return {
    ...noEvidence(checkedSteps(sampling)),
    services,
    otlp: { endpoint: "127.0.0.1:4317", secure: false },
    traceId: recorded?.traceID,
    calls: recordedCalls,
    ...overrides,
  };
}
const foundTrace = (trace: JaegerTrace | undefined, jaegerServices: string[] = ["milvus-verify", "standalone", "segcore"]): Evidence["trace"] => ({
  found: { trace, analysis: trace ? analyseTrace(trace, services, recording.recordedWith.calls) : undefined, completeAt: 0 },
  waitedMs: 1500,
  jaegerServices,
});
/** Each line as `mark name: detail`, mark ✔ passed, ✘ failed, – not run. */
const lines = (checks: readonly CheckResult[]): string[] => checks.map((c) => `${!c.ran ? "–" : c.passed ? "✔" : "✘"} ${c.name}: ${c.detail}`);

describe("judge: every check it set out to make, whatever stopped the run", () => {
  it("passes every check on a complete trace, with the waterfall of the traced Search", () => {
    const judged = judge(evidence({ trace: foundTrace(recorded) }));
    assert.equal(judged.exitCode, 0);
    assert.deepEqual(judged.checks.map((c) => [c.name, c.passed, c.ran]), [
      ["trace in Jaeger", true, true],
      ["client span per RPC", true, true],
      ["Milvus server spans in the trace", true, true],
    ]);
    assert.equal(judged.error, undefined);
    assert.ok(judged.waterfall);
  });

  it("lists every check as not run when the endpoints could not be resolved, the sampling check too", () => {
    const cause = new VerifyError("pulumi stack output --json", "could not read the stack's outputs (no stack)", "Deploy first");
    const judged = judge({ ...noEvidence(checkedSteps(200)), stopped: { step: "target", cause } });
    assert.equal(judged.exitCode, 2);
    assert.deepEqual(lines(judged.checks), [
      "– trace in Jaeger: not run: the endpoints could not be resolved",
      "– client span per RPC: not run: the endpoints could not be resolved",
      "– Milvus server spans in the trace: not run: the endpoints could not be resolved",
      "– sampling of untraced calls: not run: the endpoints could not be resolved",
    ]);
    assert.deepEqual(judged.error, cause.diagnosis);
  });

  it("exits 64 on options refused while resolving the target, still listing the checks", () => {
    const judged = judge({ ...noEvidence(checkedSteps(0)), stopped: { step: "target", cause: new UsageError("--ca-file = \"x\" cannot be read") } });
    assert.equal(judged.exitCode, 64);
    assert.deepEqual(judged.checks.map((c) => c.detail), Array<string>(3).fill("not run: the options were refused"));
    assert.equal(judged.error?.endpoint, "command line");
  });

  it("lists every check as not run when Milvus did not answer the workload", () => {
    const cause = new VerifyError("127.0.0.1:19530", "Milvus did not answer the health check call (14 UNAVAILABLE)", "Is Milvus running?");
    const judged = judge(evidence({ stopped: { step: "workload", cause }, traceId: undefined, calls: [] }));
    assert.equal(judged.exitCode, 2);
    assert.deepEqual(judged.checks.map((c) => c.detail), Array<string>(3).fill("not run: the Milvus workload did not finish"));
    assert.equal(judged.error?.endpoint, "127.0.0.1:19530");
  });

  it("puts a failed Milvus workload line first when Milvus answered wrongly, the rest not run", () => {
    const judged = judge(evidence({ stopped: { step: "workload", cause: new Error("search failed: collection not loaded") }, calls: [] }));
    assert.equal(judged.exitCode, 1);
    assert.deepEqual(lines(judged.checks), [
      "✘ Milvus workload: search failed: collection not loaded",
      "– trace in Jaeger: not run: the Milvus workload did not finish",
      "– client span per RPC: not run: the Milvus workload did not finish",
      "– Milvus server spans in the trace: not run: the Milvus workload did not finish",
    ]);
    assert.equal(judged.error, undefined);
  });

  it("lists every check as not run, naming Jaeger, when Jaeger stopped answering after the workload", () => {
    const judged = judge(evidence({ stopped: { step: "trace", cause: jaegerDown } }, 30));
    assert.equal(judged.exitCode, 2);
    assert.deepEqual(judged.checks.map((c) => c.detail), Array<string>(4).fill("not run: Jaeger could not be asked for the trace"));
    assert.equal(judged.error?.endpoint, JAEGER);
  });

  it("fails the trace check when Jaeger's answer could not be read, and leaves the rest not run", () => {
    const judged = judge(evidence({ stopped: { step: "trace", cause: new SyntaxError("Unexpected token < in JSON") } }));
    assert.equal(judged.exitCode, 1);
    assert.deepEqual(lines(judged.checks), [
      "✘ trace in Jaeger: could not read it: Unexpected token < in JSON",
      "– client span per RPC: not run: no trace to look at",
      "– Milvus server spans in the trace: not run: no trace to look at",
    ]);
  });

  it("fails every trace check and names the OTLP receiver when it refused the client's spans", () => {
    const judged = judge(evidence({ trace: foundTrace(undefined), exportFailures: ["14 UNAVAILABLE: No connection established"] }));
    assert.equal(judged.exitCode, 2);
    assert.deepEqual(lines(judged.checks), [
      "✘ trace in Jaeger: not found within 1.50 s",
      "✘ client span per RPC: no trace to look at",
      "✘ Milvus server spans in the trace: no trace to look at",
    ]);
    assert.equal(judged.error?.endpoint, "127.0.0.1:4317");
    assert.match(judged.error.message, /did not accept the client's spans \(14 UNAVAILABLE: No connection established\)/);
    assert.match(judged.error.hint, /Plaintext was used/);
  });

  it("fails every trace check without a diagnosis when the trace never came and nothing was refused", () => {
    const judged = judge(evidence({ trace: foundTrace(undefined) }));
    assert.equal(judged.exitCode, 1);
    assert.equal(judged.checks.length, 3);
    assert.equal(judged.error, undefined);
  });

  it("tells a Milvus that never exported from one whose spans are not linked, by Milvus's server service", () => {
    const clientOnly = { ...recorded, spans: recorded.spans.filter((span) => recorded.processes[span.processID]?.serviceName === services.client) };
    const never = judge(evidence({ trace: foundTrace(clientOnly, ["milvus-verify"]) }));
    assert.equal(never.exitCode, 2);
    assert.equal(never.checks.length, 3);
    assert.match(never.error?.message ?? "", /never received a span from Milvus \(no service "standalone"\)/);
    assert.equal(judge(evidence({ trace: foundTrace(clientOnly) })).error, undefined, "Jaeger knows standalone: propagation, not export");
    const elsewhere = judge(evidence({ services: { ...services, milvus: { server: "proxy", engine: "segcore" } }, trace: foundTrace(clientOnly, ["milvus-verify", "standalone"]) }));
    assert.match(elsewhere.error?.message ?? "", /no service "proxy"/);
  });

  it("makes the sampling check after the trace checks, or fails it with what stopped the untraced calls", () => {
    const sampled = judge(evidence({ trace: foundTrace(recorded), sampling: { recorded: 30, calls: 30, sampleFraction: 1 } }, 30));
    assert.deepEqual(sampled.checks.map((c) => c.passed), [true, true, true, true]);
    const failed = judge(evidence({ trace: foundTrace(recorded), stopped: { step: "sampling", cause: new Error("untraced call failed: rate limited") } }, 30));
    assert.equal(failed.exitCode, 1);
    assert.equal(lines(failed.checks)[3], "✘ sampling of untraced calls: untraced call failed: rate limited");
    const down = judge(evidence({ trace: foundTrace(recorded), stopped: { step: "sampling", cause: jaegerDown } }, 30));
    assert.equal(down.exitCode, 2);
    assert.deepEqual(lines(down.checks).slice(2), [
      lines(sampled.checks)[2],
      "– sampling of untraced calls: not run: the untraced calls did not finish",
    ]);
  });

  it("notes engine spans still to come, under the engine service the stack names", () => {
    const withoutEngine = { ...recorded, spans: recorded.spans.filter((span) => recorded.processes[span.processID]?.serviceName !== "segcore") };
    assert.match(judge(evidence({ trace: foundTrace(withoutEngine) })).waterfallNote?.[0] ?? "", /C\+\+ \(segcore\) spans below Search/);
    assert.equal(judge(evidence({ trace: foundTrace(recorded) })).waterfallNote, undefined, "segcore is in the waterfall");
    assert.equal(judge(evidence({ trace: foundTrace(withoutEngine, ["milvus-verify", "standalone"]) })).waterfallNote, undefined, "a Milvus that sends no segcore spans");
    const renamed = evidence({ services: { ...services, milvus: { server: "standalone", engine: "knowhere" } }, trace: foundTrace(recorded, ["standalone", "knowhere"]) });
    assert.match(judge(renamed).waterfallNote?.[0] ?? "", /C\+\+ \(knowhere\) spans/);
  });
});

describe("forwarding", () => {
  const forward = { exporter: "otlp/forward", sent: 0, failed: 12, enqueueFailed: 0, queueSize: 0, queueCapacity: 100000 };
  const base = { checked: checkedSteps(0, "also"), backendUrl: "http://127.0.0.1:26686", backendTrace: undefined, calls: [] };

  it("checks the backend besides Jaeger, or instead of it when Jaeger keeps nothing", () => {
    assert.deepEqual(checkedSteps(0, "also"), ["trace", "backend"]);
    assert.deepEqual(checkedSteps(5, "only"), ["backend", "sampling"]);
    assert.deepEqual(checkedSteps(0), ["trace"]);
  });

  it("names the backend when the forwarder failed or sent nothing, and stays quiet when it delivered", () => {
    const failed = failedForward({ ...base, forward });
    assert.equal(failed?.endpoint, "backend http://127.0.0.1:26686 (Jaeger's forwarder otlp/forward)");
    assert.match(failed.message, /could not deliver 12 spans .*: the backend refused the spans outright, .*Unauthenticated \/ HTTP 401/);
    assert.match(failed.hint, /forwardHeaders/);
    const queued = failedForward({ ...base, forward: { ...forward, failed: 0, queueSize: 30 } });
    assert.match(
      queued?.message ?? "",
      /delivered no span while verify ran \(0 sent, 0 failed, 0 found its queue full, 30 queued for retry\): the backend did not take them, and they wait in the queue for retry: either it is unreachable \(nothing listening at forwardEndpoint.*\) or the TLS handshake with it failed \(a certificate forwardCa did not sign.*\)\. Jaeger's counters cannot tell these two apart; its log can$/,
    );
    // The words Jaeger 2.13's forwarder logged in the integration tier for each.
    assert.match(queued?.hint ?? "", /"connect: connection refused" or "i\/o timeout" is unreachable .*"tls: failed to verify certificate: x509: \.\.\." is the handshake/);
    assert.match(failedForward({ ...base, forward: { ...forward, failed: 0, enqueueFailed: 5 } })?.hint ?? "", /Raise forwardQueueSpans/);
    assert.equal(failedForward({ ...base, forward: { ...forward, failed: 0, sent: 40 } }), undefined);
    assert.equal(failedForward({ ...base, checked: ["trace"], forward }), undefined);
  });

  it("lists the backend's checks under its name, not run when the workload stopped", () => {
    const evidence = { ...noEvidence(checkedSteps(0, "also")), backendUrl: "http://b:16686", stopped: { step: "workload" as const, cause: new Error("boom") } };
    const names = judge(evidence).checks.map((check) => check.name);
    assert.deepEqual(names.slice(-3), backendCheckNames("http://b:16686"));
  });
});
