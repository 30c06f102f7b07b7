import { stringify } from "yaml";
import type { TracingSettings } from "../settings/settings";

/** What Milvus's trace block holds; the batch delay reaches Milvus as an environment variable. */
export type TraceBlockSettings = Omit<TracingSettings, "batchDelayMs">;

/**
 * The user.yaml overlay that switches Milvus tracing on. Milvus merges it key by key over its own
 * milvus.yaml, so it carries only the trace block, never a copy of the whole file.
 */
export function renderMilvusTraceOverlay(tracing: TraceBlockSettings, otlpEndpoint: string): string {
  return stringify({
    trace: {
      exporter: "otlp",
      sampleFraction: tracing.sampleFraction,
      otlp: {
        endpoint: otlpEndpoint,
        method: tracing.otlpMethod,
        // Milvus defaults this to true, so leaving it out silently breaks a plaintext collector.
        secure: tracing.secure,
      },
      initTimeoutSeconds: tracing.initTimeoutSeconds,
    },
  });
}
