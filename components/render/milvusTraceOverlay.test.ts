import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderMilvusTraceOverlay } from "./milvusTraceOverlay";

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
