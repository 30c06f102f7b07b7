import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderJaegerConfig } from "./jaegerConfig";

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
