import { parse } from "yaml";

/**
 * The rendered user.yaml overlay as Milvus environment variables. Milvus 2.3 reads only
 * milvus.yaml, but every Milvus version lets the environment outrank its files: a key's env name
 * is its path upper-cased with dots as underscores (trace.otlp.secure -> TRACE_OTLP_SECURE).
 */
export function overlayToEnv(overlayYaml: string): Record<string, string> {
  const env: Record<string, string> = {};
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    } else {
      env[path.join("_").toUpperCase()] = String(value);
    }
  };
  walk(parse(overlayYaml), []);
  return env;
}
