import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { providerCreates } from "./providerCreates";
import { parsePulumiTrace } from "./pulumiTracePhases";

const ns = (ms: number): string => (BigInt(ms) * 1_000_000n + 1_795_406_310_000_000_000n).toString();
const parent = "milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform";
/** As the kubernetes provider 4.25 logs a request on its own span (URN, then the inputs). */
const request = (type: string, name: string) => `{"gRPC request":"urn:\\"urn:pulumi:e2e-bench::milvus-tracing::${parent}$${type}::${name}\\" properties:{fields:{key:\\"apiVersion\\"}}"}`;
const span = (name: string, start: number, end: number, msg?: string) => ({
  name,
  startTimeUnixNano: ns(start),
  endTimeUnixNano: ns(end),
  attributes: msg === undefined ? [] : [{ key: "Time", value: { stringValue: "t" } }, { key: "Msg", value: { stringValue: msg } }, { key: "Msg", value: { stringValue: '{"gRPC response":"id:x"}' } }],
});
const line = (service: string, spans: ReturnType<typeof span>[]) =>
  JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] });

const trace = [
  line("pulumi-cli", [span("pulumi", 100, 14_000), span("pulumirpc.ResourceProvider/Create", 3_160, 3_185)]),
  line("pulumi-resource-provider", [
    span("/pulumirpc.ResourceProvider/Create", 3_163, 3_181, request("kubernetes:core/v1:Namespace", "milvus-tracing-kubernetes-namespace")),
    span("/pulumirpc.ResourceProvider/Create", 3_432, 13_608, request("milvus-tracing:kubernetes:Service$kubernetes:core/v1:Service", "milvus-tracing-kubernetes-milvus")),
    span("/pulumirpc.ResourceProvider/Check", 3_100, 3_110, request("kubernetes:core/v1:Namespace", "milvus-tracing-kubernetes-namespace")),
  ]),
].join("\n");

describe("the objects a provider created, from pulumi up's trace", () => {
  it("names each Create's kind and resource, when it was asked after the CLI's start, and how long it took", () => {
    assert.deepEqual(providerCreates(parsePulumiTrace(trace)), [
      { kind: "Namespace", name: "milvus-tracing-kubernetes-namespace", startMs: 3_063, durationMs: 18 },
      { kind: "Service", name: "milvus-tracing-kubernetes-milvus", startMs: 3_332, durationMs: 10_176 },
    ]);
  });

  it("needs the CLI's root span to time from", () => {
    assert.throws(() => providerCreates(parsePulumiTrace(line("pulumi-cli", []))), /no pulumi span/);
  });
});
