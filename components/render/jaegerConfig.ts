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

/** The team's OTLP backend, as the `otlp` (gRPC) or `otlphttp` exporter reaches it. */
export interface ForwardExport {
  protocol: "grpc" | "http";
  /** grpc: host:port; http: base URL. */
  endpoint: string;
  /** grpc: plain text; http: the URL's scheme says it already. */
  insecure: boolean;
  /** Where the CA that signed the backend's certificate is mounted; undefined: the system's roots. */
  caFile: string | undefined;
  /** Sent with every export: secrets, so the rendered config is one too. */
  headers: Readonly<Record<string, string>>;
  queueSpans: number;
  retrySeconds: number;
}

export interface JaegerConfigOptions {
  /** undefined: Jaeger keeps nothing (forward-only), so it has no storage and no query API. */
  storage: JaegerStorage | undefined;
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
  /** Also (or, without storage, only) export the kept spans to the team's backend. */
  forward?: ForwardExport | undefined;
}

export const FORWARD_EXPORTER = { grpc: "otlp/forward", http: "otlphttp/forward" } as const;
const STORAGE_EXPORTER = "jaeger_storage_exporter";

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
  const { storage, forward } = options;
  if (!storage && !forward) throw new Error("Jaeger without storage must forward its spans somewhere");
  const forwardExporter = forward ? { [FORWARD_EXPORTER[forward.protocol]]: forwardExporterConfig(forward) } : {};
  const exporters = { ...(storage ? { [STORAGE_EXPORTER]: { trace_storage: "traces_store" } } : {}), ...forwardExporter };
  return stringify({
    service: {
      extensions: [...(login ? [AUTHENTICATOR] : []), ...(storage ? ["jaeger_storage", "jaeger_query"] : []), "healthcheckv2"],
      pipelines: {
        // Exporters come after every processor: under tail sampling only the kept traces leave.
        traces: { receivers: ["otlp", ...Object.keys(outside)], processors: pipeline.order, exporters: Object.keys(exporters) },
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
      ...(storage
        ? {
            jaeger_storage: { backends: { traces_store: storageBackend(storage) } },
            jaeger_query: {
              // On by default in v2: Jaeger would trace its own queries into a `jaeger` service (and, in
              // secure mode, fail to export them in plaintext to localhost:4317 and log it).
              enable_tracing: false,
              storage: { traces: "traces_store" },
              http: { endpoint: listen(JAEGER_PORTS.queryHttp), ...auth },
              grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc), ...auth },
            },
          }
        : {}),
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
    exporters,
  });
}

/**
 * The exporter's own queue and retry (exporterhelper) hold spans while the backend is down: a
 * batch is retried with backoff up to `retrySeconds`, and the queue, counted in spans, takes what
 * arrives meanwhile; past either, spans are dropped and counted (otelcol_exporter_send_failed_spans,
 * otelcol_exporter_enqueue_failed_spans).
 */
function forwardExporterConfig(forward: ForwardExport): Record<string, unknown> {
  const tls = forward.protocol === "grpc" && forward.insecure ? { insecure: true } : forward.caFile ? { ca_file: forward.caFile } : undefined;
  return {
    endpoint: forward.endpoint,
    ...(tls ? { tls } : {}),
    ...(Object.keys(forward.headers).length > 0 ? { headers: { ...forward.headers } } : {}),
    sending_queue: { enabled: true, sizer: "items", queue_size: forward.queueSpans, num_consumers: 10 },
    retry_on_failure: { enabled: true, initial_interval: "1s", max_interval: "30s", max_elapsed_time: `${forward.retrySeconds}s` },
  };
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
