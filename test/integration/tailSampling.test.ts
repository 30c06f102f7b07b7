import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { renderTracePipeline, type TailSamplingPolicy } from "../../components/render/tailSampling";
import type { TracingSettings } from "../../components/settings/settings";
import { readCollectorCounters, countersSince, type CollectorCounters } from "../../verify/collectorCounters";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { serviceOf, type JaegerSpan, type JaegerTrace } from "../../verify/jaegerTrace";
import { VERIFY_COLLECTION } from "../../verify/workload";
import { ENDPOINTS, REPO, runVerifyHere, scratchDir, startJaeger, startMilvus, type RunningServer } from "./harness";
import { TAIL_CLIENT_SERVICE, type TailCall, type TailCalls } from "./tailCalls";

const run = promisify(execFile);
const jaeger = new JaegerQuery(ENDPOINTS.jaegerQuery);

/**
 * Below every Strong-consistency search Milvus 2.3 answers (it waits for a time tick later than the
 * request: about 200-400 ms here), far above a ShowCollections (a few ms).
 */
const TAIL: TailSamplingPolicy = { latencyThresholdMs: 100, keepErrors: true, baselinePercent: 10, decisionWaitSeconds: 3 };
const SAMPLING_CALLS = 200;
const tracing: TracingSettings = { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 };

/** Jaeger marks a span whose OTLP status is ERROR with the tag error=true. */
const isError = (span: JaegerSpan & { tags?: { key: string; value: unknown }[] }): boolean => (span.tags ?? []).some((tag) => tag.key === "error" && tag.value === true);

async function makeCalls(): Promise<TailCalls> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", join(REPO, "test", "integration", "tailCalls.ts"), ENDPOINTS.milvus, ENDPOINTS.otlp, VERIFY_COLLECTION], {
    cwd: REPO,
    timeout: 120_000,
  });
  return JSON.parse(stdout) as TailCalls;
}

/** Each call's trace as Jaeger stores it, or undefined when the collector dropped it; waits out the decision and Milvus's batches. */
async function keptTraces(calls: readonly TailCall[]): Promise<(JaegerTrace | undefined)[]> {
  await sleep(TAIL.decisionWaitSeconds * 1000 + 7000);
  return Promise.all(calls.map((call) => jaeger.trace(call.traceId)));
}

/** Which spans of kept traces say ERROR, by service and operation: what the errors policy acted on. */
function errorSpans(traces: readonly (JaegerTrace | undefined)[]): string[] {
  const named = new Set<string>();
  for (const trace of traces) for (const span of trace?.spans ?? []) if (isError(span)) named.add(`${serviceOf(trace as JaegerTrace, span)} ${span.operationName}`);
  return [...named].sort();
}

describe("tail sampling in the real Jaeger 2.13 against the real Milvus 2.3", () => {
  const dir = scratchDir("tail");
  let servers: RunningServer[] = [];
  before(async () => {
    const jaegerServer = await startJaeger(dir, undefined, { backend: "memory", maxTraces: 20_000 }, { pipeline: renderTracePipeline({ tail: TAIL, memoryLimitBytes: 2 ** 30 }) });
    servers = [jaegerServer, await startMilvus(dir, tracing)];
  });
  after(async () => {
    for (const server of servers.reverse()) await server.stop();
  });

  it("keeps verify's own trace, keeps the baseline of untraced calls within --sampling's interval, and reports the collector's counters", async (t) => {
    const args = ["--sample-fraction", "1", "--tail-baseline", String(TAIL.baselinePercent), "--tail-decision-wait", String(TAIL.decisionWaitSeconds)];
    const { code, verdict } = await runVerifyHere([...args, "--sampling", String(SAMPLING_CALLS), "--jaeger-metrics", ENDPOINTS.jaegerMetrics]);
    assert.ok(verdict, "verify printed a JSON verdict");
    t.diagnostic(`checks: ${verdict.checks.map((check) => `${check.name}: ${check.detail}`).join(" | ")}`);
    t.diagnostic(`collector: ${JSON.stringify(verdict.collector)}`);
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true, true]);
    assert.equal(code, 0);
    assert.match(verdict.checks[3]?.detail ?? "", /sampleFraction 1 x tail baseline 10% = 0\.1 inside/);
    const collector = verdict.collector;
    assert.ok(collector !== undefined && typeof collector !== "string", `counters read: ${JSON.stringify(collector)}`);
    assert.equal(collector.receiverRefused, 0);
    assert.equal(collector.exporterFailed, 0);
    assert.equal(collector.droppedTooEarly, 0);
    assert.ok(collector.tracesDropped >= SAMPLING_CALLS / 2, `most untraced calls' traces were dropped by policy (${collector.tracesDropped})`);
    assert.ok(collector.exporterSent > 0 && collector.exporterSent < collector.receiverAccepted, "the collector stored fewer spans than it took in");
  });

  it("keeps every slow and every failed call of a client no policy names, and drops most fast ones", async (t) => {
    const before: CollectorCounters = await readCollectorCounters(ENDPOINTS.jaegerMetrics);
    const calls = await makeCalls();
    const slowest = (list: readonly TailCall[]) => list.map((call) => Math.round(call.ms));
    t.diagnostic(`client ms: strong search ${slowest(calls.strongSearch).join(",")}; fast ${slowest(calls.fast).join(",")}`);
    t.diagnostic(`failures: ${[...calls.tinyDeadline, ...calls.deadlineInFlight, ...calls.missingCollection].map((call) => call.failure).join(" | ")}`);
    for (const call of calls.strongSearch) assert.equal(call.failure, undefined, "a strong search succeeds");
    for (const call of [...calls.tinyDeadline, ...calls.deadlineInFlight, ...calls.missingCollection]) assert.notEqual(call.failure, undefined, "the failing calls fail");

    const kept = {
      strongSearch: await keptTraces(calls.strongSearch),
      tinyDeadline: await keptTraces(calls.tinyDeadline),
      deadlineInFlight: await keptTraces(calls.deadlineInFlight),
      missingCollection: await keptTraces(calls.missingCollection),
      fast: await keptTraces(calls.fast),
    };
    for (const [kind, traces] of Object.entries(kept)) t.diagnostic(`${kind}: ${traces.filter(Boolean).length}/${traces.length} kept; ERROR spans: ${errorSpans(traces).join("; ") || "none"}`);
    const counters = countersSince(before, await readCollectorCounters(ENDPOINTS.jaegerMetrics));
    t.diagnostic(`collector over these calls: ${JSON.stringify(counters)}`);

    for (const kind of ["strongSearch", "tinyDeadline", "deadlineInFlight", "missingCollection"] as const) {
      assert.equal(kept[kind].filter(Boolean).length, calls[kind].length, `every ${kind} trace kept`);
    }
    assert.ok(kept.fast.filter(Boolean).length < calls.fast.length, "fast, successful calls meet only the baseline");
    // What kept the failures: the client's spans. Milvus answered CollectionNotExists inside an OK
    // gRPC response, and its server span (otelgrpc's) does not say ERROR.
    const milvusServed = kept.missingCollection.every((trace) => trace?.spans.some((span) => serviceOf(trace, span) === "standalone"));
    assert.ok(milvusServed, "Milvus's spans are in each missing-collection trace");
    assert.deepEqual(errorSpans(kept.missingCollection), [`${TAIL_CLIENT_SERVICE} describe a missing collection`]);
    assert.ok(errorSpans(kept.tinyDeadline).includes(`${TAIL_CLIENT_SERVICE} grpc.milvus.proto.milvus.MilvusService/Search`), "the gRPC instrumentation marks a DEADLINE_EXCEEDED call");
    assert.equal(counters.droppedTooEarly, 0);
  });
});
