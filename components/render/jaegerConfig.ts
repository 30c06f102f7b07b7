import { stringify } from "yaml";
import { renderTracePipeline, type TracePipeline } from "./tailSampling";

export interface JaegerTlsFiles {
  certFile: string;
  keyFile: string;
}

/** Memory loses every trace when Jaeger stops; Badger keeps them in a directory until `retention` passes. */
export type JaegerStorage = { backend: "memory"; maxTraces: number } | { backend: "badger"; directory: string; retention: string };

/** Jaeger's one login, for the query API and UI and the outside OTLP receivers: the password only as an htpasswd hash. */
export interface JaegerLogin {
  username: string;
  /** `{SHA}` + base64 of the password's SHA-1 (login.ts). */
  passwordHash: string;
}

export interface JaegerConfigOptions {
  storage: JaegerStorage;
  /** When set, both OTLP receivers accept only TLS with this certificate. */
  tls: JaegerTlsFiles | undefined;
  /** When set, the query API and UI (HTTP and gRPC) ask for this login (the basicauth extension). */
  login?: JaegerLogin | undefined;
  /**
   * OTLP receivers for clients outside the platform (JAEGER_PORTS.otlp*Outside), which ask for TLS
   * and the login; Milvus and the platform's own senders keep the inside ones.
   */
  outsideReceivers?: { grpc: boolean; http: boolean } | undefined;
  /** Processors between the receiver and storage (tailSampling.ts); `batch` alone when absent. */
  pipeline?: TracePipeline;
}

const AUTHENTICATOR = "basicauth/login";

export const JAEGER_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  queryHttp: 16686,
  /** The OTLP receivers for clients outside the platform: TLS and a login. */
  otlpGrpcOutside: 4319,
  otlpHttpOutside: 4320,
  queryGrpc: 16685,
  health: 13133,
  /** The collector's own Prometheus metrics (accepted, refused, sent spans; tail-sampling decisions). */
  metrics: 8888,
} as const;

/**
 * Jaeger v2 all-in-one with memory or embedded Badger storage. Every listener binds 0.0.0.0 inside the container so
 * that Milvus reaches it over the private network; which of them the host sees is the platform's
 * choice (published on the bind address, or a Service).
 */
export function renderJaegerConfig(options: JaegerConfigOptions): string {
  const tls = options.tls ? { tls: { cert_file: options.tls.certFile, key_file: options.tls.keyFile } } : {};
  const listen = (port: number): string => `0.0.0.0:${port}`;
  const login = options.login;
  // jaeger_query's servers and the OTLP receivers take the collector's server `auth` block
  // (checked on 2.13: 401 / Unauthenticated without the login).
  const auth = login ? { auth: { authenticator: AUTHENTICATOR } } : {};
  const loginExtension = login ? { [AUTHENTICATOR]: { htpasswd: { inline: `${login.username}:${login.passwordHash}` } } } : {};
  const outside = outsideReceiver(options, auth);
  const pipeline = options.pipeline ?? renderTracePipeline({ tail: undefined, memoryLimitBytes: undefined });
  return stringify({
    service: {
      extensions: [...(login ? [AUTHENTICATOR] : []), "jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: {
        traces: { receivers: ["otlp", ...Object.keys(outside)], processors: pipeline.order, exporters: ["jaeger_storage_exporter"] },
      },
      telemetry: {
        resource: { "service.name": "jaeger" },
        logs: { level: "info" },
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_PORTS.metrics } } } }] },
      },
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
        http: { endpoint: listen(JAEGER_PORTS.queryHttp), ...auth },
        grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc), ...auth },
      },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: listen(JAEGER_PORTS.otlpGrpc), ...tls },
          http: { endpoint: listen(JAEGER_PORTS.otlpHttp), ...tls },
        },
      },
      ...outside,
    },
    processors: pipeline.processors,
    exporters: { jaeger_storage_exporter: { trace_storage: "traces_store" } },
  });
}

/** The `otlp/outside` receiver, or nothing; refused without the TLS and the login it asks for. */
function outsideReceiver(options: JaegerConfigOptions, auth: Record<string, unknown>): Record<string, unknown> {
  const wanted = options.outsideReceivers;
  if (!wanted || (!wanted.grpc && !wanted.http)) return {};
  if (!options.tls || !options.login) throw new Error("An OTLP receiver for clients outside the platform needs TLS and a login");
  const tls = { tls: { cert_file: options.tls.certFile, key_file: options.tls.keyFile } };
  const protocol = (port: number) => ({ endpoint: `0.0.0.0:${port}`, ...tls, ...auth });
  return {
    "otlp/outside": {
      protocols: {
        ...(wanted.grpc ? { grpc: protocol(JAEGER_PORTS.otlpGrpcOutside) } : {}),
        ...(wanted.http ? { http: protocol(JAEGER_PORTS.otlpHttpOutside) } : {}),
      },
    },
  };
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
