import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isErrorSpan, type JaegerResponse, type JaegerSpan, type JaegerTrace } from "./jaegerTrace";
import { foundTrace, hasMatchingSpan, listTraces, noTracesLine, renderTraceList, searchDepth, type TraceSearch } from "./traceList";
import { slowestServerStep, traceWaterfall } from "./waterfall";

/** verify's workload trace as the real Jaeger returned it (see fixtures/). */
const workload = (JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as { response: JaegerResponse<JaegerTrace[]> }).response.data?.[0];
if (!workload) throw new Error("fixture has no trace");

/** Jaeger's answer to a search of a client's calls, one of each kind, and one trace Milvus started itself (see fixtures/). */
const searched = JSON.parse(readFileSync(join(__dirname, "fixtures", "search-traces.json"), "utf8")) as {
  recordedWith: { clientService: string; kinds: Record<string, { traceId: string; ms: number; failure?: string }>; milvusOwn: string };
  response: JaegerResponse<JaegerTrace[]>;
};

const MILVUS = ["standalone", "segcore"];
/** Inside the window the tests search: 2026-12-05 20:30 UTC. */
const T0 = Date.UTC(2026, 11, 5, 20, 30) * 1000;

/** A made-up trace: spans as [id, parent, service, operation, start offset µs, duration µs, error?]. */
function trace(traceID: string, spans: [string, string | undefined, string, string, number, number, boolean?][]): JaegerTrace {
  const services = [...new Set(spans.map(([, , service]) => service))];
  const span = ([spanID, parent, service, operationName, start, duration, error]: (typeof spans)[number]): JaegerSpan => ({
    traceID,
    spanID,
    operationName,
    references: parent ? [{ refType: "CHILD_OF", traceID, spanID: parent }] : [],
    startTime: T0 + start,
    duration,
    processID: `p${services.indexOf(service)}`,
    tags: error ? [{ key: "error", type: "bool", value: true }] : [{ key: "span.kind", type: "string", value: "server" }],
  });
  return { traceID, spans: spans.map(span), processes: Object.fromEntries(services.map((serviceName, i) => [`p${i}`, { serviceName }])) };
}

/** A call Milvus's own sampler recorded: no client above it. */
const milvusOnly = trace("a1", [
  ["r", undefined, "standalone", "milvus.proto.milvus.MilvusService/ShowCollections", 0, 900],
  ["c", "r", "standalone", "Proxy-ShowCollections", 100, 700],
]);
/** A client call whose Milvus spans outlast the client's deadline. */
const gaveUp = trace("b2", [
  ["r", undefined, "app", "search", 0, 50_000, true],
  ["s", "r", "standalone", "milvus.proto.milvus.MilvusService/Search", 1_000, 300_000],
  ["w", "s", "standalone", "Delegator-waitTSafe", 2_000, 290_000],
]);
const fast = trace("c3", [
  ["r", undefined, "app", "show collections", 5_000, 3_000],
  ["s", "r", "standalone", "milvus.proto.milvus.MilvusService/ShowCollections", 5_500, 2_000],
]);

const search = (overrides: Partial<TraceSearch> = {}): TraceSearch => ({
  service: "standalone",
  operation: undefined,
  minDurationUs: undefined,
  startUs: Date.UTC(2026, 11, 5, 20, 15, 0) * 1000,
  endUs: Date.UTC(2026, 11, 5, 21, 15, 0) * 1000,
  since: "1h",
  limit: 20,
  ...overrides,
});

describe("isErrorSpan", () => {
  it("reads the error tag and OpenTelemetry's ERROR status as Jaeger writes them", () => {
    const span = (tags: JaegerSpan["tags"]): JaegerSpan => ({ traceID: "t", spanID: "s", operationName: "o", references: [], startTime: 0, duration: 1, processID: "p", tags });
    assert.equal(isErrorSpan(span([{ key: "error", type: "bool", value: true }])), true);
    assert.equal(isErrorSpan(span([{ key: "otel.status_code", type: "string", value: "ERROR" }])), true);
    assert.equal(isErrorSpan(span([{ key: "otel.status_code", type: "string", value: "OK" }, { key: "error", type: "bool", value: false }])), false);
    assert.equal(isErrorSpan(span(undefined)), false);
  });
});

describe("foundTrace", () => {
  it("summarizes verify's recorded trace: its root, size, span and the step the waterfall marks", () => {
    const found = foundTrace(workload, MILVUS);
    const waterfall = traceWaterfall(workload, MILVUS);
    assert.equal(found.traceId, workload.traceID);
    assert.deepEqual(found.root, { service: "milvus-verify", operation: "verify: traced Milvus workload" });
    assert.equal(found.spanCount, 170);
    assert.equal(found.durationUs, waterfall.totalUs);
    assert.equal(found.startUs, Math.min(...workload.spans.map((span) => span.startTime)));
    assert.equal(found.start, new Date(found.startUs / 1000).toISOString());
    const marked = slowestServerStep(waterfall);
    assert.ok(marked && found.slowestServerStep);
    assert.deepEqual(found.slowestServerStep, { service: marked.service, operation: marked.operation, selfUs: marked.selfUs });
    assert.ok(MILVUS.includes(found.slowestServerStep.service));
    assert.deepEqual([found.errorSpans, found.error], [0, false]);
  });

  it("finds the slowest step of a trace Milvus started itself, with Milvus's services as server steps", () => {
    assert.deepEqual(foundTrace(milvusOnly, MILVUS).slowestServerStep, { service: "standalone", operation: "Proxy-ShowCollections", selfUs: 700 });
    assert.equal(foundTrace(milvusOnly, []).slowestServerStep, undefined, "without them every span is its root's service");
    assert.deepEqual(foundTrace(milvusOnly, MILVUS).root, { service: "standalone", operation: "milvus.proto.milvus.MilvusService/ShowCollections" });
  });

  it("counts error spans, and measures the trace from its root to the span that ends last", () => {
    const found = foundTrace(gaveUp, MILVUS);
    assert.deepEqual([found.errorSpans, found.error], [1, true]);
    assert.equal(found.durationUs, 301_000, "Milvus's spans outlast the client's 50 ms");
    assert.equal(found.slowestServerStep?.operation, "Delegator-waitTSafe");
  });
});

describe("hasMatchingSpan", () => {
  it("asks one span of the service to meet the operation and the minimum duration", () => {
    assert.equal(hasMatchingSpan(gaveUp, { service: "app", operation: undefined, minDurationUs: 100_000 }), false, "Badger would match it on Milvus's long span");
    assert.equal(hasMatchingSpan(gaveUp, { service: "standalone", operation: undefined, minDurationUs: 100_000 }), true);
    assert.equal(hasMatchingSpan(gaveUp, { service: "standalone", operation: "Delegator-waitTSafe", minDurationUs: 295_000 }), false);
    assert.equal(hasMatchingSpan(gaveUp, { service: "standalone", operation: "Delegator-waitTSafe", minDurationUs: undefined }), true);
    assert.equal(hasMatchingSpan(fast, { service: "other", operation: undefined, minDurationUs: undefined }), false);
  });
});

describe("listTraces", () => {
  it("ranks slowest first, cuts at the limit and counts what matched", () => {
    const list = listTraces("http://j:16686", search({ limit: 2 }), [fast, milvusOnly, workload, gaveUp], MILVUS);
    assert.deepEqual(list.traces.map((found) => found.traceId), [workload.traceID, "b2"]);
    assert.deepEqual([list.returned, list.matched, list.complete], [4, 4, true]);
    const recordedStart = Math.min(...workload.spans.map((span) => span.startTime));
    assert.equal(list.oldestReturned, new Date(Math.min(T0, recordedStart) / 1000).toISOString(), "the earliest start of any answered trace");
    assert.equal(list.search.start, "2026-12-05T20:15:00.000Z");
    assert.equal(list.search.searchDepth, 100);
  });

  it("drops what Jaeger's storage matched more loosely than the search asks (Badger: any span of 100 ms)", () => {
    const list = listTraces("http://j:16686", search({ service: "app", minDurationUs: 100_000 }), [fast, gaveUp], MILVUS);
    assert.deepEqual([list.returned, list.matched, list.traces.length], [2, 0, 0]);
  });

  it("knows a full answer from Jaeger means the window may hold more", () => {
    assert.equal(searchDepth(20), 100);
    assert.equal(searchDepth(200), 1000);
    const answer = Array.from({ length: 100 }, (_, i) => ({ ...fast, traceID: `f${i}` }));
    assert.equal(listTraces("http://j:16686", search(), answer, MILVUS).complete, false);
  });
});

describe("listTraces on a search the real Jaeger answered", () => {
  const { clientService, kinds, milvusOwn } = searched.recordedWith;
  const answer = searched.response.data ?? [];
  const list = listTraces("http://127.0.0.1:16686", search({ service: "standalone" }), answer, MILVUS);
  const byId = new Map(list.traces.map((found) => [found.traceId, found]));

  it("marks a trace with an error exactly when the client's call failed, from Jaeger's error tags", () => {
    for (const [kind, call] of Object.entries(kinds)) {
      const found = foundTrace(answer.find((trace) => trace.traceID === call.traceId) ?? assert.fail(kind), MILVUS);
      assert.equal(found.error, call.failure !== undefined, `${kind}: ${call.failure ?? "succeeded"}`);
      assert.equal(found.root.service, clientService);
    }
  });

  it("keeps only traces with a span of the service that meets the filters", () => {
    const ids = (service: string, minDurationUs?: number) => listTraces("http://127.0.0.1:16686", search({ service, minDurationUs }), answer, MILVUS).traces.map((found) => found.traceId);
    assert.equal(list.traces.length, answer.length, "every call reached Milvus, a 1 ms deadline's too");
    assert.deepEqual(ids("segcore"), [kinds.strongSearch?.traceId], "Milvus's C++ engine ran for the search alone");
    assert.deepEqual(ids(clientService, 100_000), [kinds.strongSearch?.traceId]);
  });

  it("ranks the Strong search first, its slowest step Milvus's, and gives Milvus's own trace a slowest step", () => {
    assert.equal(list.traces[0]?.traceId, kinds.strongSearch?.traceId);
    assert.ok(MILVUS.includes(list.traces[0]?.slowestServerStep?.service ?? ""));
    const own = byId.get(milvusOwn);
    assert.ok(own);
    assert.deepEqual(own.root, { service: "standalone", operation: "milvus.proto.milvus.MilvusService/ShowCollections" });
    assert.ok(own.slowestServerStep);
  });
});

describe("renderTraceList", () => {
  it("names the search, then one aligned line a trace: id, start, duration, spans, errors, root, slowest step", () => {
    const list = listTraces("http://j:16686", search({ limit: 3 }), [fast, milvusOnly, workload, gaveUp], MILVUS);
    const lines = renderTraceList(list);
    assert.equal(
      lines[0],
      'Jaeger at http://j:16686: the 3 slowest of 4 traces with a span of service "standalone", from 2026-12-05 20:15:00 to 21:15:00 UTC (the last 1h), slowest first',
    );
    const [header, first, second, third] = lines.slice(2);
    assert.match(header ?? "", /^trace id +start \(UTC\) +duration +spans +errors +root +slowest server step \(own time\)$/);
    const step = list.traces[0]?.slowestServerStep;
    assert.ok(step);
    assert.match(first ?? "", new RegExp(`^${workload.traceID}  \\d\\d:\\d\\d:\\d\\d\\.\\d{3} +[\\d.]+ s +170 +- +verify: traced Milvus workload \\(milvus-verify\\) +${step.operation} \\(${step.service}\\) [\\d.]+ ms$`));
    assert.match(second ?? "", /^b2 +\d\d:\d\d:\d\d\.\d{3} +301\.0 ms +3 +1 +search \(app\) +Delegator-waitTSafe \(standalone\) 290\.0 ms$/);
    assert.match(third ?? "", /^c3 +\d\d:\d\d:\d\d\.\d{3} +3\.00 ms +2 +- +show collections \(app\) +milvus\.proto\.milvus\.MilvusService\/ShowCollections \(standalone\) 2\.00 ms$/);
    // Aligned: each column starts where its header does.
    const rootAt = header?.indexOf("root") ?? -1;
    assert.equal(second?.indexOf("search (app)"), rootAt);
    assert.equal(third?.indexOf("show collections (app)"), rootAt);
    assert.equal(lines.at(-1), "One of them as a waterfall: npm run verify -- --show TRACE_ID");
  });

  it("says when Jaeger's answer was full, and dates starts when the window spans days", () => {
    const answer = Array.from({ length: 100 }, (_, i) => ({ ...fast, traceID: `f${String(i).padStart(3, "0")}` }));
    const lines = renderTraceList(listTraces("http://j:16686", search({ since: "2d", startUs: Date.UTC(2026, 11, 3, 21, 15) * 1000 }), answer, MILVUS));
    assert.match(lines[0] ?? "", /the 20 slowest of 100 traces .* from 2026-12-03 21:15:00 to 2026-12-05 21:15:00 UTC \(the last 2d\)/);
    assert.match(lines[3] ?? "", /^f\d{3} +\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /);
    const footer = lines.find((line) => line.startsWith("Jaeger answered with its newest 100 matches"));
    assert.match(footer ?? "", /^Jaeger answered with its newest 100 matches \(back to 12-05 20:30:00\.005\), as many as --find asks for/);
  });
});

describe("noTracesLine", () => {
  it("names the window and every filter in one line, and a service Jaeger does not know", () => {
    const list = listTraces("http://j:16686", search({ service: "standalon", operation: "Proxy-Search", minDurationUs: 1_500_000, since: "15m" }), [], MILVUS);
    assert.equal(
      noTracesLine(list, ["milvus-verify", "standalone"]),
      'verify: no traces in Jaeger at http://j:16686 with a span of service "standalon", operation "Proxy-Search", of at least 1.50 s, from 2026-12-05 20:15:00 to 21:15:00 UTC (the last 15m); Jaeger has no spans of service "standalon" (it has: milvus-verify, standalone)',
    );
    assert.doesNotMatch(noTracesLine(listTraces("http://j:16686", search(), [], MILVUS), ["standalone"]), /has no spans/);
  });
});
