import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { JaegerResponse, JaegerSpan, JaegerTrace } from "./jaegerTrace";
import { formatMicros, renderWaterfall, searchWaterfall, slowestServerStep, traceWaterfall, waterfallHasService, waterfallOf, type WaterfallSpan } from "./waterfall";

/** The trace the real Jaeger returned for verify's workload against a real Milvus (see fixtures/). */
const recording = JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as {
  recordedWith: { clientService: string };
  response: JaegerResponse<JaegerTrace[]>;
};
const recorded = recording.response.data?.[0];
if (!recorded) throw new Error("fixture has no trace");
const { clientService } = recording.recordedWith;

const flatten = (spans: readonly WaterfallSpan[]): WaterfallSpan[] => spans.flatMap((span) => [span, ...flatten(span.children)]);

describe("searchWaterfall on a recorded trace", () => {
  const waterfall = searchWaterfall(recorded, clientService);
  assert.ok(waterfall, "the workload's trace has a client Search span");
  const spans = flatten(waterfall.roots);

  it("starts at the client's Search span with Milvus's spans below it, earliest first", () => {
    const [root] = waterfall.roots;
    assert.ok(root);
    assert.equal(waterfall.roots.length, 1);
    assert.equal(root.service, clientService);
    assert.equal(root.operation, "grpc.milvus.proto.milvus.MilvusService/Search");
    assert.equal(root.startOffsetUs, 0);
    assert.equal(waterfall.totalUs, root.durationUs);
    assert.deepEqual(root.children.map((child) => [child.service, child.operation]), [["standalone", "milvus.proto.milvus.MilvusService/Search"]]);
    assert.equal(waterfall.spanCount, spans.length);
    assert.deepEqual([...new Set(spans.map((span) => span.service))].sort(), ["milvus-verify", "segcore", "standalone"]);
    for (const span of spans) {
      const starts = span.children.map((child) => child.startOffsetUs);
      assert.deepEqual(starts, [...starts].sort((a, b) => a - b), `children of ${span.operation} in start order`);
    }
  });

  it("tells whether a service has a span in it: Milvus's segcore spans under Search", () => {
    assert.equal(waterfallHasService(waterfall, "segcore"), true);
    assert.equal(waterfallHasService(waterfall, "jaeger"), false);
  });

  it("marks exactly one server step slowest: the one with the most time of its own", () => {
    const marked = spans.filter((span) => span.slowest);
    assert.equal(marked.length, 1);
    const [slowest] = marked;
    assert.equal(slowest?.operation, "Proxy-Search-Execute");
    assert.ok(slowest.service !== clientService);
    for (const span of spans.filter((s) => s.service !== clientService)) assert.ok(span.selfUs <= slowest.selfUs, span.operation);
    // 3.55 ms less its children GetShardLeaders (0.30), Delegator-waitTSafe (0) and SegCoreSearch (1.17).
    assert.ok(Math.abs(slowest.selfUs - 2080) < 15, String(slowest.selfUs));
  });

  it("renders every line within 100 columns, folding long operations instead of cutting them", () => {
    const lines = renderWaterfall(waterfall);
    // Every character drawn (█, …) is one UTF-16 unit and one terminal column.
    assert.ok(lines.every((line) => line.length <= 100), lines.find((line) => line.length > 100));
    assert.match(lines[0] ?? "", /start +duration service +operation +0 +10\.13 ms$/);
    assert.match(lines[1] ?? "", /^ {2} +0\.00 ms +10\.13 ms milvus-verify +grpc\.milvus\.proto\.milvus\.MilvusService\/ +█+$/);
    assert.match(lines[2] ?? "", /^ +Search$/, "the rest of the operation on a continuation line");
    const slowestRow = lines.find((line) => line.startsWith("*"));
    assert.match(slowestRow ?? "", /^\* +3\.18 ms +3\.55 ms standalone +Proxy-Search-Execute +█+$/);
    assert.match(lines.slice(-2).join(" "), /^\* slowest server step: Proxy-Search-Execute \(standalone\), 2\.08 ms of its own/);
    // The operation column (after mark, start, duration and service) read top to bottom holds
    // every operation whole, in tree order.
    const operationColumn = lines.slice(1, -2).map((line) => line.slice(38, 81).trim()).join("");
    assert.equal(operationColumn, spans.map((span) => span.operation).join(""));
  });

  it("draws each bar where its span starts, on one time scale", () => {
    const lines = renderWaterfall(waterfall).filter((line) => line.includes("█"));
    const barStart = (line: string): number => line.indexOf("█");
    const clientBar = lines[0] ?? "";
    const serverBar = lines[1] ?? "";
    assert.ok(barStart(serverBar) > barStart(clientBar), "Milvus's span starts after the client's");
    assert.ok(serverBar.lastIndexOf("█") <= clientBar.lastIndexOf("█"), "and ends within it");
  });

  it("fits a narrower terminal too", () => {
    assert.ok(renderWaterfall(waterfall, 80).every((line) => line.length <= 80));
  });
});

describe("traceWaterfall", () => {
  it("places every span of a trace, each parentless one as a root", () => {
    const waterfall = traceWaterfall(recorded);
    assert.equal(waterfall.spanCount, recorded.spans.length);
    assert.equal(flatten(waterfall.roots).length, recorded.spans.length);
    assert.equal(waterfall.roots[0]?.operation, "verify: traced Milvus workload");
    // Milvus exported one span whose parent it never sent: a second root.
    assert.deepEqual(waterfall.roots.slice(1).map((root) => root.operation), ["Operate"]);
  });

  it("starts at its earliest root, and marks one server step: the one slowestServerStep returns", () => {
    const waterfall = traceWaterfall(recorded);
    assert.equal(waterfall.startUs, Math.min(...recorded.spans.map((span) => span.startTime)));
    const marked = flatten(waterfall.roots).filter((span) => span.slowest);
    assert.equal(marked.length, 1);
    assert.equal(slowestServerStep(waterfall), marked[0]);
  });

  it("counts Milvus's services as server steps at a root too: a trace Milvus's own sampler started", () => {
    // Milvus's Go spans alone, as its sampler records a call without trace context.
    const own = structuredClone(recorded);
    const server = new Set(Object.entries(own.processes).filter(([, process]) => process.serviceName === "standalone").map(([id]) => id));
    own.spans = own.spans.filter((span) => server.has(span.processID));
    assert.equal(slowestServerStep(traceWaterfall(own)), undefined, "every span is of its root's service");
    const step = slowestServerStep(traceWaterfall(own, ["standalone", "segcore"]));
    assert.ok(step);
    const all = flatten(traceWaterfall(own, ["standalone", "segcore"]).roots);
    assert.ok(all.every((span) => span.selfUs <= step.selfUs));
  });

  it("does not hang a FOLLOWS_FROM span below the span it follows", () => {
    const trace = structuredClone(recorded);
    const search = trace.spans.find((span) => span.operationName === "milvus.proto.milvus.MilvusService/Search");
    assert.ok(search);
    for (const reference of search.references) reference.refType = "FOLLOWS_FROM";
    assert.ok(traceWaterfall(trace).roots.some((root) => root.spanId === search.spanID));
  });
});

describe("self time", () => {
  const span = (spanID: string, parent: string | undefined, startTime: number, duration: number): JaegerSpan => ({
    traceID: "t",
    spanID,
    operationName: spanID,
    references: parent ? [{ refType: "CHILD_OF", traceID: "t", spanID: parent }] : [],
    startTime,
    duration,
    processID: parent ? "server" : "client",
  });
  it("counts overlapping children once and ignores time outside the span", () => {
    const trace: JaegerTrace = {
      traceID: "t",
      processes: { client: { serviceName: "client" }, server: { serviceName: "server" } },
      spans: [span("root", undefined, 0, 100), span("a", "root", 10, 20), span("b", "root", 20, 30), span("c", "root", 90, 50)],
    };
    const waterfall = waterfallOf(trace, trace.spans.slice(0, 1));
    // Covered: 10-50 (a and b overlap) and 90-100 (c runs past the end): 50 of 100.
    assert.equal(waterfall.roots[0]?.selfUs, 50);
    assert.equal(waterfall.totalUs, 140, "the scale reaches the child that ends last");
    assert.deepEqual(flatten(waterfall.roots).filter((s) => s.slowest).map((s) => s.spanId), ["c"]);
  });
});

describe("formatMicros", () => {
  it("prints milliseconds to two decimals, seconds from one second", () => {
    assert.deepEqual([60, 10_130, 212_345, 4_183_000].map(formatMicros), ["0.06 ms", "10.13 ms", "212.3 ms", "4.18 s"]);
  });
});
