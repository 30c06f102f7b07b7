import { stringify } from "yaml";

export interface JaegerTlsFiles {
  certFile: string;
  keyFile: string;
}

/** Memory loses every trace when Jaeger stops; Badger keeps them in a directory until `retention` passes. */
export type JaegerStorage = { backend: "memory"; maxTraces: number } | { backend: "badger"; directory: string; retention: string };

/** One login for the query API and UI: the password only as an htpasswd hash. */
export interface JaegerQueryLogin {
  username: string;
  /** `{SHA}` + base64 of the password's SHA-1 (queryLogin.ts). */
  passwordHash: string;
}

export interface JaegerConfigOptions {
  storage: JaegerStorage;
  /** When set, both OTLP receivers accept only TLS with this certificate. */
  tls: JaegerTlsFiles | undefined;
  /** When set, the query API and UI (HTTP and gRPC) ask for this login (the basicauth extension). */
  queryLogin?: JaegerQueryLogin | undefined;
}

const QUERY_AUTHENTICATOR = "basicauth/query";

export const JAEGER_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  queryHttp: 16686,
  queryGrpc: 16685,
  health: 13133,
} as const;

/**
 * Jaeger v2 all-in-one with memory or embedded Badger storage. Every listener binds 0.0.0.0 inside the container so
 * that Milvus reaches it over the private network; which of them the host sees is the platform's
 * choice (published on the bind address, or a Service).
 */
export function renderJaegerConfig(options: JaegerConfigOptions): string {
  const tls = options.tls ? { tls: { cert_file: options.tls.certFile, key_file: options.tls.keyFile } } : {};
  const listen = (port: number): string => `0.0.0.0:${port}`;
  const login = options.queryLogin;
  // jaeger_query's servers take the collector's server `auth` block (checked on 2.13: 401 without it).
  const queryAuth = login ? { auth: { authenticator: QUERY_AUTHENTICATOR } } : {};
  const loginExtension = login ? { [QUERY_AUTHENTICATOR]: { htpasswd: { inline: `${login.username}:${login.passwordHash}` } } } : {};
  return stringify({
    service: {
      extensions: [...(login ? [QUERY_AUTHENTICATOR] : []), "jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: {
        traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] },
      },
      telemetry: { resource: { "service.name": "jaeger" }, logs: { level: "info" } },
    },
    extensions: {
      ...loginExtension,
      healthcheckv2: { use_v2: true, http: { endpoint: listen(JAEGER_PORTS.health) } },
      jaeger_storage: { backends: { traces_store: storageBackend(options.storage) } },
      jaeger_query: {
        // On by default in v2: Jaeger would trace its own queries into a `jaeger` service (and, in
        // secure mode, fail to export them in plaintext to localhost:4317 and log it).
        enable_tracing: false,
        storage: { traces: "traces_store" },
        http: { endpoint: listen(JAEGER_PORTS.queryHttp), ...queryAuth },
        grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc), ...queryAuth },
      },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: listen(JAEGER_PORTS.otlpGrpc), ...tls },
          http: { endpoint: listen(JAEGER_PORTS.otlpHttp), ...tls },
        },
      },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: "traces_store" } },
  });
}

/** Keys as Jaeger 2.13-2.20 read them (internal/storage/v1/badger/config.go): ephemeral defaults to true. */
function storageBackend(storage: JaegerStorage): Record<string, unknown> {
  if (storage.backend === "memory") return { memory: { max_traces: storage.maxTraces } };
  return {
    badger: {
      ephemeral: false,
      directories: { keys: `${storage.directory}/keys`, values: `${storage.directory}/values` },
      ttl: { spans: storage.retention },
    },
  };
}
