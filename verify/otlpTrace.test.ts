import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isErrorSpan, parentOf, serviceOf, type JaegerResponse, type JaegerSpan, type JaegerTag, type JaegerTrace } from "./jaegerTrace";
import { analyseTrace } from "./traceAnalysis";
import { durationMicros, nanosToMicros, otlpId, otlpJsonToJaegerTrace, resourceSpansOf, type OtlpResourceSpans } from "./otlpTrace";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const CLIENT = "b7ad6b7169203331";
const SERVER = "00f067aa0ba902b7";
const base64 = (hex: string): string => Buffer.from(hex, "hex").toString("base64");

/** A client span and Milvus's server span below it, with ids written by `id` (hex or base64). */
function resources(id: (hex: string) => string): OtlpResourceSpans[] {
  const service = (name: string) => ({ attributes: [{ key: "service.name", value: { stringValue: name } }] });
  return [
    {
      resource: service("milvus-verify"),
      scopeSpans: [
        {
          spans: [
            {
              traceId: id(TRACE),
              spanId: id(CLIENT),
              parentSpanId: "",
              name: "grpc.milvus.proto.milvus.MilvusService/Search",
              kind: 3,
              startTimeUnixNano: "1795270047171000123",
              endTimeUnixNano: "1795270047173130999",
              attributes: [
                { key: "rpc.method", value: { stringValue: "Search" } },
                { key: "server.port", value: { intValue: "19530" } },
              ],
              status: {},
            },
          ],
        },
      ],
    },
    {
      resource: service("standalone"),
      scopeSpans: [
        {
          spans: [
            {
              traceId: id(TRACE),
              spanId: id(SERVER),
              parentSpanId: id(CLIENT),
              name: "milvus.proto.milvus.MilvusService/Search",
              kind: "SPAN_KIND_SERVER",
              startTimeUnixNano: "1795270047171500000",
              endTimeUnixNano: "1795270047172500000",
              status: { code: 2, message: "collection not loaded" },
            },
          ],
        },
      ],
    },
  ];
}

describe("OTLP JSON traces in Jaeger's model", () => {
  it("reads ids as hex (the OTLP JSON spec, Jaeger's api_v3) and as base64 (Tempo's jsonpb), the same", () => {
    assert.equal(otlpId("0AF7651916CD43DD8448EB211C80319C"), TRACE);
    assert.equal(otlpId(base64(TRACE)), TRACE);
    assert.equal(otlpId(base64(CLIENT)), CLIENT);
    assert.equal(base64(CLIENT).length, 12, "an 8-byte id in base64 is 12 characters, never 16");
    assert.equal(otlpId(""), undefined);
    assert.equal(otlpId("0000000000000000"), undefined, "an all-zero parent is none");
    assert.equal(otlpId(base64("0000000000000000")), undefined);
  });

  it("turns nanosecond strings into microseconds without losing digits to a double", () => {
    assert.equal(nanosToMicros("1795270047171000123"), 1795270047171000);
    assert.equal(nanosToMicros(1_500_000), 1500);
    assert.equal(nanosToMicros(undefined), 0);
    // Jaeger's own JSON truncates the difference: 1.999 µs is 1, though the truncated ends are 2 apart.
    assert.equal(durationMicros("1000999", "1002998"), 1);
    assert.equal(durationMicros("5000", "4000"), 0);
  });

  it("knows the envelopes: Tempo's batches and trace.resourceSpans, Jaeger's result.resourceSpans, a bare TracesData", () => {
    const spans = resources((hex) => hex);
    for (const body of [{ batches: spans }, { trace: { resourceSpans: spans }, status: "COMPLETE" }, { result: { resourceSpans: spans } }, { resourceSpans: spans }]) {
      assert.equal(resourceSpansOf(body)?.length, 2, JSON.stringify(Object.keys(body)));
    }
    assert.deepEqual(resourceSpansOf({ result: {} }), []);
    assert.equal(resourceSpansOf({ data: [] }), undefined, "Jaeger's own JSON is not OTLP");
    assert.throws(() => otlpJsonToJaegerTrace({ data: [] }), /not OTLP JSON/);
    assert.equal(otlpJsonToJaegerTrace({ trace: {} }), undefined, "an empty trace is no trace");
  });

  for (const [form, id, wrap] of [
    ["Jaeger v2 /api/v3 (hex ids)", (hex: string) => hex, (r: OtlpResourceSpans[]) => ({ result: { resourceSpans: r } })],
    ["Tempo /api/traces (base64 ids)", base64, (r: OtlpResourceSpans[]) => ({ batches: r })],
  ] as const) {
    it(`${form}: spans, services, parents, durations, kinds and the error status as verify's checks read them`, () => {
      const trace = otlpJsonToJaegerTrace(wrap(resources(id)));
      assert.ok(trace);
      assert.equal(trace.traceID, TRACE);
      const [client, server] = trace.spans;
      assert.ok(client && server);
      assert.deepEqual([serviceOf(trace, client), serviceOf(trace, server)], ["milvus-verify", "standalone"]);
      assert.equal(client.spanID, CLIENT);
      assert.equal(parentOf(client), undefined);
      assert.equal(parentOf(server), CLIENT);
      assert.equal(client.startTime, 1795270047171000);
      assert.equal(client.duration, 2130, "(173130999 - 171000123) ns, truncated");
      assert.equal(server.duration, 1000);
      const tag = (span: JaegerSpan, key: string): JaegerTag | undefined => (span.tags ?? []).find((candidate) => candidate.key === key);
      assert.deepEqual(tag(client, "server.port"), { key: "server.port", type: "int64", value: 19530 });
      assert.equal(tag(client, "span.kind")?.value, "client");
      assert.equal(tag(server, "span.kind")?.value, "server");
      assert.equal(isErrorSpan(client), false);
      assert.equal(isErrorSpan(server), true);
    });
  }
});

describe("a recorded trace: the real Jaeger 2.13 backend's /api/v3 answer and its /api/traces answer for the same trace", () => {
  const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"));
  const v3 = fixture("jaeger-2.13-api-v3-trace.json");
  const jaeger = (fixture("jaeger-2.13-api-trace-same.json") as JaegerResponse<JaegerTrace[]>).data?.[0];
  const services = { client: "milvus-verify", milvus: { server: "standalone", engine: "segcore" } };
  const rpcs = ["CheckHealth", "DescribeCollection", "GetLoadState", "Upsert", "Search", "Query"];
  const shape = (trace: JaegerTrace): string[] =>
    trace.spans.map((span) => [span.spanID, parentOf(span) ?? "-", serviceOf(trace, span), span.operationName, span.startTime, span.duration, isErrorSpan(span)].join(" ")).sort();

  it("converts to the spans Jaeger's own JSON has, span for span, and verify's checks read the same from both", () => {
    const converted = otlpJsonToJaegerTrace(v3);
    assert.ok(converted && jaeger);
    assert.equal(converted.spans.length, 63);
    assert.equal(converted.traceID, jaeger.traceID);
    assert.deepEqual(shape(converted), shape(jaeger));
    assert.deepEqual(analyseTrace(converted, services, rpcs), analyseTrace(jaeger, services, rpcs));
    assert.equal(analyseTrace(converted, services, rpcs).missingRpcs.length, 0);
  });

  it("reads the same trace with its ids in base64 in Tempo's v1 envelope (written from the recording: no Tempo runs here)", () => {
    const resourceSpans = resourceSpansOf(v3) ?? [];
    const rebased = resourceSpans.map((resource) => ({
      ...resource,
      scopeSpans: (resource.scopeSpans ?? []).map((scope) => ({
        spans: (scope.spans ?? []).map((span) => ({
          ...span,
          traceId: base64(span.traceId ?? ""),
          spanId: base64(span.spanId ?? ""),
          parentSpanId: base64(span.parentSpanId ?? ""),
        })),
      })),
    }));
    const tempo = otlpJsonToJaegerTrace({ batches: rebased });
    const direct = otlpJsonToJaegerTrace(v3);
    assert.ok(tempo && direct);
    assert.deepEqual(shape(tempo), shape(direct));
  });
});
