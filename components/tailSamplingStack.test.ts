import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SettingsError, validateSettings } from "./settings/validateSettings";
import { deployWithMocks } from "./testing/mockedDeployment";

const CONTAINER = "docker:index/container:Container";
const SERVICE = "kubernetes:core/v1:Service";

describe("a tail-sampling stack under Pulumi's mocks", () => {
  it("outputs what verify needs of the collector's policy, and Milvus records every trace", async () => {
    const d = await deployWithMocks({ samplingMode: "tail", tailBaselinePercent: "5", tailDecisionWaitSeconds: "12" });
    assert.equal(d.outputs.sampleFraction, 1);
    assert.deepEqual(d.outputs.tailSampling, { baselinePercent: 5, decisionWaitSeconds: 12 });
    const head = await deployWithMocks({});
    assert.equal(head.outputs.tailSampling, undefined);
  });

  it("publishes the collector's metrics on 127.0.0.1 only on Docker, even on every interface, and outputs their URL", async () => {
    const d = await deployWithMocks({ samplingMode: "tail", bindAddress: "0.0.0.0", jaegerMetricsPort: "18888" });
    const jaeger = d.named(CONTAINER, "milvus-tracing-docker-jaeger");
    const metrics = (jaeger.inputs.ports as { internal: number; external: number; ip: string }[]).filter((port) => port.internal === 8888);
    assert.deepEqual(metrics, [{ internal: 8888, external: 18888, ip: "127.0.0.1" }]);
    assert.equal(d.outputs.jaegerMetricsUrl, "http://127.0.0.1:18888");
  });

  it("keeps the metrics port off every Service that leaves the cluster", async () => {
    const d = await deployWithMocks({ target: "kubernetes", samplingMode: "tail", serviceType: "NodePort", secure: "true", externalPorts: "milvus-grpc,jaeger-query,jaeger-otlp-grpc,jaeger-otlp-http" });
    const external = d.ofType(SERVICE).filter((service) => (service.inputs.spec as { type: string }).type !== "ClusterIP");
    const ports = external.flatMap((service) => (service.inputs.spec as { ports: { name: string }[] }).ports.map((port) => port.name));
    assert.ok(ports.length > 0 && !ports.includes("metrics"), ports.join(", "));
    assert.throws(() => validateSettings({ target: "kubernetes", serviceType: "NodePort", externalPorts: "jaeger-metrics" }), SettingsError);
  });
});
