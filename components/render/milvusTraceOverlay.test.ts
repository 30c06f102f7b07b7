import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { milvusOtlpHeaders, renderMilvusTraceOverlay, renderMilvusUserYaml } from "./milvusTraceOverlay";

describe("renderMilvusTraceOverlay", () => {
  it("holds only the trace block, with every key Milvus reads", () => {
    const overlay = parse(
      renderMilvusTraceOverlay({ sampleFraction: 0.1, secure: true, otlpMethod: "grpc", initTimeoutSeconds: 15 }, "jaeger:4317"),
    ) as Record<string, unknown>;
    assert.deepEqual(overlay, {
      trace: {
        exporter: "otlp",
        sampleFraction: 0.1,
        otlp: { endpoint: "jaeger:4317", method: "grpc", secure: true },
        initTimeoutSeconds: 15,
      },
    });
  });

  it("writes secure: false explicitly, because Milvus defaults it to true", () => {
    const text = renderMilvusTraceOverlay({ sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10 }, "jaeger:4317");
    assert.match(text, /^ {4}secure: false$/m);
    assert.match(text, /^ {4}method: grpc$/m);
  });

  it("keeps a sampleFraction of 0 as a number", () => {
    const text = renderMilvusTraceOverlay({ sampleFraction: 0, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10 }, "jaeger:4317");
    assert.match(text, /^ {2}sampleFraction: 0$/m);
  });
});

describe("renderMilvusUserYaml with the backend's headers (milvus-direct)", () => {
  const tracing = { sampleFraction: 1, secure: true, otlpMethod: "grpc" as const, initTimeoutSeconds: 10 };
  const headers = { authorization: "Basic dGVhbTpzM2NyM3Q=", "x-scope-orgid": "team-a" };

  it("writes trace.otlp.headers as standard base64 of a JSON map, as Milvus 2.6's parseHeaders decodes it", () => {
    assert.equal(
      renderMilvusUserYaml(tracing, "otlp.team.example:4317", "pw", headers),
      [
        "trace:",
        "  exporter: otlp",
        "  sampleFraction: 1",
        "  otlp:",
        "    endpoint: otlp.team.example:4317",
        "    method: grpc",
        "    secure: true",
        "    headers: eyJhdXRob3JpemF0aW9uIjoiQmFzaWMgZEdWaGJUcHpNMk55TTNRPSIsIngtc2NvcGUtb3JnaWQiOiJ0ZWFtLWEifQ==",
        "  initTimeoutSeconds: 10",
        "common:",
        "  security:",
        "    authorizationEnabled: true",
        "    defaultRootPassword: pw",
        "",
      ].join("\n"),
    );
    const overlay = parse(renderMilvusUserYaml(tracing, "otlp.team.example:4317", undefined, headers)) as { trace: { otlp: { headers: string } } };
    assert.deepEqual(JSON.parse(Buffer.from(overlay.trace.otlp.headers, "base64").toString("utf8")), headers);
  });

  it("keeps values that are not ASCII or that YAML would quote intact through base64", () => {
    const odd = { "x-note": "caf\u00e9: #1, \"quoted\"" };
    assert.deepEqual(JSON.parse(Buffer.from(milvusOtlpHeaders(odd), "base64").toString("utf8")), odd);
    assert.match(milvusOtlpHeaders(odd), /^[A-Za-z0-9+/]+=*$/);
  });

  it("writes no headers key without headers", () => {
    assert.doesNotMatch(renderMilvusUserYaml(tracing, "otlp.team.example:4317", undefined, {}), /headers/);
    assert.doesNotMatch(renderMilvusUserYaml(tracing, "otlp.team.example:4317", undefined), /headers/);
  });
});
