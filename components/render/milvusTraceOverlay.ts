import { stringify } from "yaml";
import type { TracingSettings } from "../settings/settings";

/** What Milvus's trace block holds; the batch delay reaches Milvus as an environment variable. */
export type TraceBlockSettings = Omit<TracingSettings, "batchDelayMs">;

/**
 * The user.yaml overlay that switches Milvus tracing on. Milvus merges it key by key over its own
 * milvus.yaml, so it carries only the trace block, never a copy of the whole file.
 */
export function renderMilvusTraceOverlay(tracing: TraceBlockSettings, otlpEndpoint: string): string {
  return stringify({ trace: traceBlock(tracing, otlpEndpoint) });
}

/**
 * The whole user.yaml: the trace block and, when clients must authenticate, authorization with
 * the root password Milvus 2.6 gives root on its first start (common.security.defaultRootPassword,
 * read since 2.4.7; 2.3 ignores it and keeps its default until the API changes it). The password
 * makes the file a secret.
 */
export function renderMilvusUserYaml(tracing: TraceBlockSettings, otlpEndpoint: string, rootPassword: string | undefined): string {
  const security = rootPassword === undefined ? {} : { common: { security: { authorizationEnabled: true, defaultRootPassword: rootPassword } } };
  return stringify({ trace: traceBlock(tracing, otlpEndpoint), ...security });
}

function traceBlock(tracing: TraceBlockSettings, otlpEndpoint: string): Record<string, unknown> {
  return {
      exporter: "otlp",
      sampleFraction: tracing.sampleFraction,
      otlp: {
        endpoint: otlpEndpoint,
        method: tracing.otlpMethod,
        // Milvus defaults this to true, so leaving it out silently breaks a plaintext collector.
        secure: tracing.secure,
      },
      initTimeoutSeconds: tracing.initTimeoutSeconds,
  };
}
