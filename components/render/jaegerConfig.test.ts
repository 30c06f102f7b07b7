import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderJaegerConfig } from "./jaegerConfig";
import { renderTracePipeline } from "./tailSampling";

interface Receivers {
  receivers: { otlp: { protocols: Record<"grpc" | "http", { endpoint: string; tls?: { cert_file: string; key_file: string } }> } };
  extensions: {
    jaeger_storage: { backends: Record<string, { memory?: { max_traces: number }; badger?: unknown }> };
    jaeger_query: { enable_tracing: boolean; storage: { traces: string }; http: { endpoint: string } };
    healthcheckv2: { http: { endpoint: string } };
  };
  service: { extensions: string[]; pipelines: { traces: { receivers: string[]; exporters: string[] } } };
  exporters: { jaeger_storage_exporter: { trace_storage: string } };
}

describe("renderJaegerConfig", () => {
  it("listens for OTLP beyond localhost inside the container and stores traces in memory", () => {
    const config = parse(renderJaegerConfig({ storage: { backend: "memory", maxTraces: 5000 }, tls: undefined })) as Receivers;
    assert.equal(config.receivers.otlp.protocols.grpc.endpoint, "0.0.0.0:4317");
    assert.equal(config.receivers.otlp.protocols.http.endpoint, "0.0.0.0:4318");
    assert.equal(config.receivers.otlp.protocols.grpc.tls, undefined);
    assert.equal(config.extensions.jaeger_storage.backends.traces_store?.memory?.max_traces, 5000);
    assert.equal(config.extensions.jaeger_query.storage.traces, "traces_store");
    assert.equal(config.exporters.jaeger_storage_exporter.trace_storage, "traces_store");
    assert.equal(config.extensions.jaeger_query.http.endpoint, "0.0.0.0:16686");
    assert.equal(config.extensions.healthcheckv2.http.endpoint, "0.0.0.0:13133");
    assert.deepEqual(config.service.pipelines.traces.receivers, ["otlp"]);
    assert.deepEqual(config.service.extensions.sort(), ["healthcheckv2", "jaeger_query", "jaeger_storage"]);
  });

  it("keeps Jaeger from tracing its own queries, plaintext or TLS", () => {
    for (const tls of [undefined, { certFile: "/c.pem", keyFile: "/k.pem" }]) {
      const config = parse(renderJaegerConfig({ storage: { backend: "memory", maxTraces: 1000 }, tls })) as Receivers;
      assert.equal(config.extensions.jaeger_query.enable_tracing, false);
    }
  });

  it("serves both OTLP receivers over TLS when given a certificate", () => {
    const tls = { certFile: "/etc/jaeger/tls/server.pem", keyFile: "/etc/jaeger/tls/server-key.pem" };
    const config = parse(renderJaegerConfig({ storage: { backend: "memory", maxTraces: 100000 }, tls })) as Receivers;
    for (const protocol of ["grpc", "http"] as const) {
      assert.deepEqual(config.receivers.otlp.protocols[protocol].tls, { cert_file: tls.certFile, key_file: tls.keyFile });
    }
  });

  it("keeps traces on disk with Badger: not ephemeral, keys and values under the directory, spans kept for the retention", () => {
    const config = parse(renderJaegerConfig({ storage: { backend: "badger", directory: "/tmp/jaeger", retention: "1h30m" }, tls: undefined })) as Receivers;
    assert.deepEqual(config.extensions.jaeger_storage.backends.traces_store, {
      badger: { ephemeral: false, directories: { keys: "/tmp/jaeger/keys", values: "/tmp/jaeger/values" }, ttl: { spans: "1h30m" } },
    });
    assert.equal(config.extensions.jaeger_query.storage.traces, "traces_store");
  });
});

describe("renderJaegerConfig forwarding", () => {
  const forward = {
    protocol: "grpc" as const,
    endpoint: "otlp.example.com:4317",
    insecure: false,
    caFile: "/etc/jaeger/forward/ca.pem",
    headers: { authorization: "Basic abc" },
    queueSpans: 5000,
    retrySeconds: 120,
  };
  interface Forwarding {
    service: { extensions: string[]; pipelines: { traces: { processors: string[]; exporters: string[] } } };
    extensions: Record<string, unknown>;
    exporters: Record<string, Record<string, unknown>>;
  }

  it("stores and forwards after every processor, with headers, the CA, the queue in spans and the retry window", () => {
    const config = parse(renderJaegerConfig({ storage: { backend: "memory", maxTraces: 1000 }, tls: undefined, forward })) as Forwarding;
    assert.deepEqual(config.service.pipelines.traces.exporters, ["jaeger_storage_exporter", "otlp/forward"]);
    assert.deepEqual(config.exporters["otlp/forward"], {
      endpoint: "otlp.example.com:4317",
      tls: { ca_file: "/etc/jaeger/forward/ca.pem" },
      headers: { authorization: "Basic abc" },
      sending_queue: { enabled: true, sizer: "items", queue_size: 5000, num_consumers: 10 },
      retry_on_failure: { enabled: true, initial_interval: "1s", max_interval: "30s", max_elapsed_time: "120s" },
    });
  });

  it("forward-only: no storage, no query API, only the forwarder; over HTTP the otlphttp exporter, system roots", () => {
    const config = parse(
      renderJaegerConfig({ storage: undefined, tls: undefined, forward: { ...forward, protocol: "http", endpoint: "https://otlp.example.com", caFile: undefined, headers: {} } }),
    ) as Forwarding;
    assert.deepEqual(config.service.pipelines.traces.exporters, ["otlphttp/forward"]);
    assert.deepEqual(config.service.extensions, ["healthcheckv2"]);
    assert.equal(config.extensions.jaeger_storage, undefined);
    assert.equal(config.extensions.jaeger_query, undefined);
    const exporter = config.exporters["otlphttp/forward"] ?? {};
    assert.equal(exporter.tls, undefined);
    assert.equal(exporter.headers, undefined);
  });

  it("forwards under tail sampling only what the collector kept: the exporter follows tail_sampling", () => {
    const pipeline = renderTracePipeline({ tail: { latencyThresholdMs: 1000, keepErrors: true, baselinePercent: 10, decisionWaitSeconds: 10 }, memoryLimitBytes: undefined });
    const config = parse(renderJaegerConfig({ storage: undefined, tls: undefined, pipeline, forward: { ...forward, insecure: true, caFile: undefined } })) as Forwarding;
    assert.deepEqual(config.service.pipelines.traces.processors, ["memory_limiter", "tail_sampling", "batch"]);
    assert.deepEqual(config.exporters["otlp/forward"]?.tls, { insecure: true });
  });

  it("refuses a Jaeger that neither stores nor forwards", () => {
    assert.throws(() => renderJaegerConfig({ storage: undefined, tls: undefined }), /without storage must forward/);
  });
});
