import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { validateSettings } from "../settings/validateSettings";
import { externalPortChoice, publishablePorts } from "../settings/serviceSettingKeys";
import type { Settings } from "../settings/settings";
import { portId, type ServiceDescription } from "./serviceDescription";
import { describeServices, SERVICE_TABLE } from "./serviceTable";
import type { TlsMaterial } from "./tlsMaterial";
import { traceReceiverOf, traceReceiverTlsNames } from "./traceReceiver";

function described(name: string, settings: Settings, material: TlsMaterial | undefined): ServiceDescription {
  const service = describeServices(SERVICE_TABLE, settings, material).find((candidate) => candidate.name === name);
  assert.ok(service, name);
  return service;
}
const describeMilvus = (settings: Settings, material: TlsMaterial | undefined) => described("milvus", settings, material);
const describeJaeger = (settings: Settings, material: TlsMaterial | undefined) => described("jaeger", settings, material);
const tls = { caPem: "CA PEM", certPem: "CERT PEM", keyPem: "KEY PEM" };
const fileAt = (service: ServiceDescription, path: string) => service.files.find((file) => file.path === path);
const textAt = (service: ServiceDescription, path: string): string => {
  const content = fileAt(service, path)?.content;
  assert.equal(typeof content, "string", `${service.name} has a file at ${path}`);
  return content as string;
};

describe("describeMilvus", () => {
  it("runs standalone with embedded etcd and local storage, data on a volume", () => {
    const milvus = describeMilvus(validateSettings({}), undefined);
    assert.deepEqual(milvus.args, ["milvus", "run", "standalone"]);
    assert.equal(milvus.env.ETCD_USE_EMBED, "true");
    assert.equal(milvus.env.ETCD_DATA_DIR, "/var/lib/milvus/etcd");
    assert.equal(milvus.env.ETCD_CONFIG_PATH, "/milvus/configs/embedEtcd.yaml");
    assert.equal(milvus.env.COMMON_STORAGETYPE, "local");
    assert.ok(fileAt(milvus, "/milvus/configs/embedEtcd.yaml"));
    assert.deepEqual(milvus.volumes, [{ name: "data", mountPath: "/var/lib/milvus", size: "10Gi", retainOnDelete: true }]);
    assert.deepEqual(milvus.health?.probe, { kind: "httpGet", port: 9091, path: "/healthz" });
    assert.deepEqual(milvus.startsAfter, [], "Milvus starts whatever state its collector is in");
    assert.equal(milvus.needsRelaxedSyscallFilter, true);
  });

  it("mounts the trace overlay at /milvus/configs/user.yaml pointing at Jaeger by name", () => {
    const milvus = describeMilvus(validateSettings({ sampleFraction: "0.3" }), undefined);
    const overlay = parse(textAt(milvus, "/milvus/configs/user.yaml")) as { trace: { sampleFraction: number; otlp: { endpoint: string; secure: boolean } } };
    assert.equal(overlay.trace.sampleFraction, 0.3);
    assert.equal(overlay.trace.otlp.endpoint, "jaeger:4317");
    assert.equal(overlay.trace.otlp.secure, false);
  });

  it("hands the OTLP CA to both of Milvus's exporters when secure: Go's and segcore's (opentelemetry-cpp)", () => {
    const milvus = describeMilvus(validateSettings({ secure: "true" }), tls);
    assert.equal(fileAt(milvus, "/milvus/tls/otlp-ca.pem")?.content, "CA PEM");
    assert.equal(milvus.env.SSL_CERT_FILE, "/milvus/tls/otlp-ca.pem");
    assert.equal(milvus.env.OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE, "/milvus/tls/otlp-ca.pem");
    assert.equal(milvus.env.OTEL_EXPORTER_OTLP_CERTIFICATE, "/milvus/tls/otlp-ca.pem");
    assert.equal(milvus.files.some((file) => file.sensitive), false);
    const overlay = parse(textAt(milvus, "/milvus/configs/user.yaml")) as { trace: { otlp: { endpoint: string; secure: boolean } } };
    assert.deepEqual(overlay.trace.otlp, { endpoint: "jaeger:4317", method: "grpc", secure: true });
  });

  it("sets the Go exporter's batch delay from traceBatchDelayMs, OpenTelemetry's 5 s by default", () => {
    assert.equal(describeMilvus(validateSettings({ traceBatchDelayMs: "500" }), undefined).env.OTEL_BSP_SCHEDULE_DELAY, "500");
    assert.equal(describeMilvus(validateSettings({}), undefined).env.OTEL_BSP_SCHEDULE_DELAY, "5000");
  });

  it("sets no CA variable in plaintext mode, so nothing overrides Milvus's own defaults", () => {
    const milvus = describeMilvus(validateSettings({}), undefined);
    for (const name of ["SSL_CERT_FILE", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE"]) assert.equal(milvus.env[name], undefined, name);
    assert.equal(fileAt(milvus, "/milvus/tls/otlp-ca.pem"), undefined);
  });

  it("runs a lab substitute image when npm start gave one, and the configured image otherwise", () => {
    assert.equal(describeMilvus(validateSettings({}), undefined).image, "milvusdb/milvus:v2.6.15");
    assert.equal(describeMilvus(validateSettings({ labMilvusImage: "milvus-tracing-lab/milvus:2.3.5" }), undefined).image, "milvus-tracing-lab/milvus:2.3.5");
  });

  it("names its ports as the settings do, so a platform can choose which leave it", () => {
    const settings = validateSettings({});
    const ids = [describeJaeger(settings, undefined), describeMilvus(settings, undefined)].flatMap((s) => s.ports.map((p) => portId(s, p)));
    const named = [...publishablePorts(SERVICE_TABLE).map((port) => port.id), ...externalPortChoice(SERVICE_TABLE).allowed];
    assert.deepEqual(named, ["milvus-grpc", "milvus-health", "jaeger-otlp-grpc", "jaeger-otlp-http", "jaeger-query", "jaeger-metrics", "milvus-grpc", "jaeger-query", "jaeger-otlp-grpc", "jaeger-otlp-http"]);
    for (const id of named) assert.ok(ids.includes(id), id);
  });
});

describe("describeJaeger", () => {
  it("runs its config file and names its receivers, query, health and metrics ports", () => {
    const jaeger = describeJaeger(validateSettings({ jaegerStorage: "memory", jaegerMaxTraces: "5000" }), undefined);
    assert.deepEqual(jaeger.args, ["--config", "/etc/jaeger/config.yaml"]);
    const config = parse(textAt(jaeger, "/etc/jaeger/config.yaml")) as { extensions: { jaeger_storage: { backends: { traces_store: { memory: { max_traces: number } } } } } };
    assert.equal(config.extensions.jaeger_storage.backends.traces_store.memory.max_traces, 5000);
    assert.deepEqual(jaeger.ports.map((p) => [p.name, p.containerPort]), [["otlp-grpc", 4317], ["otlp-http", 4318], ["query", 16686], ["health", 13133], ["metrics", 8888]]);
    assert.deepEqual(jaeger.startsAfter, []);
    assert.equal(jaeger.files.length, 1);
    assert.deepEqual(jaeger.volumes, []);
    assert.equal(jaeger.volumeGroup, undefined);
  });

  it("stores traces with Badger on a data volume by default, kept for the retention", () => {
    const jaeger = describeJaeger(validateSettings({ jaegerRetention: "24h", jaegerDataSize: "3Gi", retainData: "false" }), undefined);
    assert.deepEqual(jaeger.volumes, [{ name: "data", mountPath: "/tmp", size: "3Gi", retainOnDelete: false }]);
    assert.equal(jaeger.volumeGroup, 10001);
    const config = parse(textAt(jaeger, "/etc/jaeger/config.yaml")) as { extensions: { jaeger_storage: { backends: { traces_store: unknown } } } };
    assert.deepEqual(config.extensions.jaeger_storage.backends.traces_store, {
      badger: { ephemeral: false, directories: { keys: "/tmp/jaeger/keys", values: "/tmp/jaeger/values" }, ttl: { spans: "24h" } },
    });
  });

  it("adds the server certificate and a sensitive key when secure", () => {
    const jaeger = describeJaeger(validateSettings({ secure: "true" }), tls);
    assert.equal(fileAt(jaeger, "/etc/jaeger/tls/server.pem")?.sensitive, false);
    assert.deepEqual(fileAt(jaeger, "/etc/jaeger/tls/server-key.pem"), { path: "/etc/jaeger/tls/server-key.pem", content: "KEY PEM", sensitive: true });
    assert.match(textAt(jaeger, "/etc/jaeger/config.yaml"), /cert_file: \/etc\/jaeger\/tls\/server.pem/);
  });

  it("receives traces, so the certificate names it by the network alias, the cluster DNS and loopback", () => {
    const names = traceReceiverTlsNames(traceReceiverOf(SERVICE_TABLE), "obs");
    assert.ok(names.dnsNames.includes("jaeger"));
    assert.ok(names.dnsNames.includes("jaeger.obs.svc.cluster.local"));
    assert.ok(names.dnsNames.includes("localhost"));
    assert.deepEqual(names.ipAddresses, ["127.0.0.1"]);
  });
});

describe("describeServices without logins (the ownership check, before any resource)", () => {
  it("describes a stack whose OTLP leaves over TLS, for its names alone", () => {
    const settings = validateSettings({ bindAddress: "0.0.0.0", secure: true });
    assert.deepEqual(settings.leavingPorts, ["milvus-grpc", "jaeger-otlp-grpc", "jaeger-otlp-http", "jaeger-query"]);
    assert.deepEqual(describeServices(SERVICE_TABLE, settings, undefined).map((service) => service.name), ["milvus", "jaeger"]);
  });
});
