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
 * read since 2.4.7; 2.3 ignores it and keeps its default until the API changes it). `headers`
 * (milvus-direct: the team's backend's) become trace.otlp.headers. The password or the headers
 * make the file a secret.
 */
export function renderMilvusUserYaml(
  tracing: TraceBlockSettings,
  otlpEndpoint: string,
  rootPassword: string | undefined,
  headers?: Readonly<Record<string, string>>,
): string {
  const security = rootPassword === undefined ? {} : { common: { security: { authorizationEnabled: true, defaultRootPassword: rootPassword } } };
  return stringify({ trace: traceBlock(tracing, otlpEndpoint, headers), ...security });
}

/**
 * trace.otlp.headers as Milvus 2.6 reads it: standard base64 of a JSON object of strings, which
 * pkg/tracer's parseHeaders decodes and hands to both OTLP exporters' WithHeaders.
 */
export function milvusOtlpHeaders(headers: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(headers), "utf8").toString("base64");
}

function traceBlock(tracing: TraceBlockSettings, otlpEndpoint: string, headers?: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
      exporter: "otlp",
      sampleFraction: tracing.sampleFraction,
      otlp: {
        endpoint: otlpEndpoint,
        method: tracing.otlpMethod,
        // Milvus defaults this to true, so leaving it out silently breaks a plaintext collector.
        secure: tracing.secure,
        ...(headers === undefined || Object.keys(headers).length === 0 ? {} : { headers: milvusOtlpHeaders(headers) }),
      },
      initTimeoutSeconds: tracing.initTimeoutSeconds,
  };
}
