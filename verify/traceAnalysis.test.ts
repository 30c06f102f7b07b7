import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { JaegerResponse, JaegerSpan, JaegerTrace } from "./jaegerTrace";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../components/services/milvusSpanServices";
import { analyseTrace, clientRpcOf, countUnparentedServerTraces, type SpanServices } from "./traceAnalysis";

/** A trace the real Jaeger returned for verify's workload against a real Milvus (see fixtures/). */
interface Recording {
  recordedWith: { clientService: string; calls: string[] };
  response: JaegerResponse<JaegerTrace[]>;
}
const recording = JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as Recording;
const recorded = recording.response.data?.[0];
if (!recorded) throw new Error("fixture has no trace");
const { clientService, calls } = recording.recordedWith;
const services: SpanServices = { client: clientService, milvus: MILVUS_STANDALONE_SPAN_SERVICES };
const clone = (): JaegerTrace => structuredClone(recorded);

describe("analyseTrace on a recorded Milvus trace", () => {
  it("finds a client span for every call and Milvus spans under them", () => {
    const analysis = analyseTrace(recorded, services, calls);
    assert.deepEqual(analysis.missingRpcs, []);
    assert.equal(analysis.clientSpansByRpc.get("Search"), 1);
    assert.ok(analysis.extraClientSpans > 0, "the SDK makes RPCs of its own (DescribeCollection, GetLoadingProgress)");
    assert.equal(analysis.clientRpcSpans, calls.length + analysis.extraClientSpans);
    assert.ok(analysis.serverSpans > 50);
    assert.ok(analysis.linkedServerSpans >= analysis.serverSpans - 1);
    assert.equal(analysis.clientSpansWithServerChild, analysis.clientRpcSpans);
  });

  it("reports the calls whose client spans are missing", () => {
    const trace = clone();
    trace.spans = trace.spans.filter((span) => !span.operationName.endsWith("/Search") && !span.operationName.endsWith("/Query"));
    const analysis = analyseTrace(trace, services, calls);
    assert.deepEqual(analysis.missingRpcs.sort(), ["Query", "Search"]);
  });

  it("counts a call made twice as needing two client spans", () => {
    const analysis = analyseTrace(recorded, services, [...calls, "Search"]);
    assert.deepEqual(analysis.missingRpcs, ["Search"]);
  });

  it("links no server span when propagation broke and Milvus started its own roots", () => {
    const trace = clone();
    const clientIds = new Set(trace.spans.filter((span) => trace.processes[span.processID]?.serviceName === clientService).map((span) => span.spanID));
    for (const span of trace.spans) span.references = span.references.filter((reference) => !clientIds.has(reference.spanID));
    const analysis = analyseTrace(trace, services, calls);
    assert.ok(analysis.serverSpans > 0);
    assert.equal(analysis.linkedServerSpans, 0);
    assert.equal(analysis.clientSpansWithServerChild, 0);
  });

  it("reads the client spans of every language's gRPC instrumentation", () => {
    const trace = clone();
    const styles = ["/milvus.proto.milvus.MilvusService/", "milvus.proto.milvus.MilvusService/"];
    let renamed = 0;
    for (const span of trace.spans) {
      const rpc = trace.processes[span.processID]?.serviceName === clientService ? clientRpcOf(span.operationName) : undefined;
      if (rpc !== undefined) span.operationName = `${styles[renamed++ % styles.length] ?? ""}${rpc}`;
    }
    assert.ok(renamed > 2);
    assert.deepEqual(analyseTrace(trace, services, calls), analyseTrace(recorded, services, calls));
  });

  it("takes no other span for a Milvus RPC", () => {
    assert.equal(clientRpcOf("grpc.milvus.proto.milvus.MilvusService/Search"), "Search");
    assert.equal(clientRpcOf("milvus.proto.milvus.MilvusService/Search/extra"), undefined);
    assert.equal(clientRpcOf("opentelemetry.proto.collector.trace.v1.TraceService/Export"), undefined);
    assert.equal(clientRpcOf("tutorial"), undefined);
  });

  it("ignores spans of another client service", () => {
    const analysis = analyseTrace(recorded, { ...services, client: "someone-else" }, calls);
    assert.equal(analysis.clientRpcSpans, 0);
    assert.equal(analysis.missingRpcs.length, calls.length);
  });

  it("does not take a FOLLOWS_FROM reference for a parent", () => {
    const trace = clone();
    const search = trace.spans.find((span) => span.operationName === "milvus.proto.milvus.MilvusService/Search");
    assert.ok(search, "the fixture has Milvus's Search server span");
    const before = analyseTrace(trace, services, calls).linkedServerSpans;
    for (const reference of search.references) reference.refType = "FOLLOWS_FROM";
    const after = analyseTrace(trace, services, calls);
    // The Search server span and everything below it no longer descend from the client's Search span.
    assert.ok(after.linkedServerSpans < before - 5, `${after.linkedServerSpans} of ${before}`);
    assert.equal(after.clientSpansWithServerChild, after.clientRpcSpans - 1);
  });

  it("counts as Milvus's the spans of the server service it is given, not a fixed name", () => {
    const renamed = clone();
    for (const process of Object.values(renamed.processes)) if (process.serviceName === "standalone") process.serviceName = "proxy";
    assert.equal(analyseTrace(renamed, services, calls).serverSpans, 0);
    const asProxy = analyseTrace(renamed, { ...services, milvus: { server: "proxy", engine: "segcore" } }, calls);
    assert.deepEqual(asProxy, analyseTrace(recorded, services, calls));
  });

  it("survives a reference cycle", () => {
    const trace = clone();
    const [a, b] = trace.spans.filter((span) => trace.processes[span.processID]?.serviceName === "standalone") as [JaegerSpan, JaegerSpan];
    a.references = [{ refType: "CHILD_OF", traceID: a.traceID, spanID: b.spanID }];
    b.references = [{ refType: "CHILD_OF", traceID: b.traceID, spanID: a.spanID }];
    assert.doesNotThrow(() => analyseTrace(trace, services, calls));
  });
});

describe("countUnparentedServerTraces", () => {
  const serverRoot = (rpc: string): JaegerTrace => {
    const trace = clone();
    const root = trace.spans.find((span) => trace.processes[span.processID]?.serviceName === "standalone");
    if (!root) throw new Error("no standalone span");
    return { ...trace, spans: [{ ...root, operationName: `milvus.proto.milvus.MilvusService/${rpc}`, references: [] }] };
  };

  it("counts Milvus root spans of the RPC in traces without client spans", () => {
    const traces = [serverRoot("ShowCollections"), serverRoot("ShowCollections"), serverRoot("AllocTimestamp"), recorded];
    assert.equal(countUnparentedServerTraces(traces, "ShowCollections", services), 2);
    assert.equal(countUnparentedServerTraces(traces, "ShowCollections", { ...services, milvus: { server: "proxy", engine: "segcore" } }), 0);
  });
});
