import assert from "node:assert/strict";
import { it } from "node:test";
import { renderMilvusTraceOverlay } from "../../components/render/milvusTraceOverlay";
import { overlayToEnv } from "./milvusTraceEnv";

it("overlayToEnv turns the rendered trace block into Milvus's environment names", () => {
  const overlay = renderMilvusTraceOverlay({ sampleFraction: 0.5, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10 }, "127.0.0.1:4317");
  assert.deepEqual(overlayToEnv(overlay), {
    TRACE_EXPORTER: "otlp",
    TRACE_SAMPLEFRACTION: "0.5",
    TRACE_OTLP_ENDPOINT: "127.0.0.1:4317",
    TRACE_OTLP_METHOD: "grpc",
    TRACE_OTLP_SECURE: "false",
    TRACE_INITTIMEOUTSECONDS: "10",
  });
});
