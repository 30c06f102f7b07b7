import { stringify } from "yaml";
import { renderTracePipeline, type TracePipeline } from "./tailSampling";

export interface JaegerTlsFiles {
  certFile: string;
  keyFile: string;
}

/** Memory loses every trace when Jaeger stops; Badger keeps them in a directory until `retention` passes. */
export type JaegerStorage = { backend: "memory"; maxTraces: number } | { backend: "badger"; directory: string; retention: string };

export interface JaegerConfigOptions {
  storage: JaegerStorage;
  /** When set, both OTLP receivers accept only TLS with this certificate. */
  tls: JaegerTlsFiles | undefined;
  /** Processors between the receiver and storage (tailSampling.ts); `batch` alone when absent. */
  pipeline?: TracePipeline;
}

export const JAEGER_PORTS = {
  otlpGrpc: 4317,
  otlpHttp: 4318,
  queryHttp: 16686,
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
  const pipeline = options.pipeline ?? renderTracePipeline({ tail: undefined, memoryLimitBytes: undefined });
  return stringify({
    service: {
      extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: {
        traces: { receivers: ["otlp"], processors: pipeline.order, exporters: ["jaeger_storage_exporter"] },
      },
      telemetry: {
        resource: { "service.name": "jaeger" },
        logs: { level: "info" },
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_PORTS.metrics } } } }] },
      },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: listen(JAEGER_PORTS.health) } },
      jaeger_storage: { backends: { traces_store: storageBackend(options.storage) } },
      jaeger_query: {
        // On by default in v2: Jaeger would trace its own queries into a `jaeger` service (and, in
        // secure mode, fail to export them in plaintext to localhost:4317 and log it).
        enable_tracing: false,
        storage: { traces: "traces_store" },
        http: { endpoint: listen(JAEGER_PORTS.queryHttp) },
        grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc) },
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
    processors: pipeline.processors,
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
