import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { deployWithMocks, plainInputs, type MockedDeployment } from "./testing/mockedDeployment";

const CONTAINER = "docker:index/container:Container";
const SECRET = "kubernetes:core/v1:Secret";
const HEADER_VALUE = "Basic dGVhbTpzM2NyM3Q=";
const SECRETS = { forwardHeaders: JSON.stringify({ authorization: HEADER_VALUE }), forwardCa: "-----BEGIN CERTIFICATE-----\nbackend CA\n-----END CERTIFICATE-----\n" };
const TARGET = { forwardEndpoint: "otlp.team.example:4317" };

interface Upload { file: string; content: unknown }
interface JaegerYaml {
  service: { extensions: string[]; pipelines: { traces: { exporters: string[] } } };
  exporters: Record<string, { endpoint?: string; headers?: Record<string, string>; tls?: Record<string, unknown> }>;
}

const jaegerContainer = (d: MockedDeployment) => d.named(CONTAINER, "milvus-tracing-docker-jaeger");
const uploads = (d: MockedDeployment) => jaegerContainer(d).inputs.uploads as Upload[];
const uploaded = (d: MockedDeployment, path: string): string => String(uploads(d).find((u) => u.file === path)?.content);

describe("a forwarding stack under Pulumi's mocks", () => {
  it("Docker, local-and-forward: stores and forwards, the headers and CA only in secret uploads, never in the environment", async () => {
    const d = await deployWithMocks({ forwardMode: "local-and-forward", ...TARGET }, undefined, undefined, SECRETS);
    const config = parse(uploaded(d, "/etc/jaeger/config.yaml")) as JaegerYaml;
    assert.deepEqual(config.service.pipelines.traces.exporters, ["jaeger_storage_exporter", "otlp/forward"]);
    assert.deepEqual(config.exporters["otlp/forward"]?.headers, { authorization: HEADER_VALUE });
    assert.deepEqual(config.exporters["otlp/forward"].tls, { ca_file: "/etc/jaeger/forward/ca.pem" });
    assert.match(uploaded(d, "/etc/jaeger/forward/ca.pem"), /backend CA/);
    assert.ok(jaegerContainer(d).secretInputs.includes("uploads"), "Jaeger's uploads reach the engine as a secret");
    assert.doesNotMatch(JSON.stringify(jaegerContainer(d).inputs.envs ?? []), /dGVhbTpzM2NyM3Q/);
    assert.doesNotMatch(plainInputs(d), /dGVhbTpzM2NyM3Q|backend CA/);
    assert.equal(d.ofType("docker:index/volume:Volume").length, 2, "Jaeger keeps its data volume");
    assert.equal(d.outputs.forwardMode, "local-and-forward", "verify learns the mode from the outputs");
  });

  it("Docker, forward-only: no storage, no query API and no data volume for Jaeger", async () => {
    const d = await deployWithMocks({ forwardMode: "forward-only", ...TARGET }, undefined, undefined, SECRETS);
    const config = parse(uploaded(d, "/etc/jaeger/config.yaml")) as JaegerYaml;
    assert.deepEqual(config.service.pipelines.traces.exporters, ["otlp/forward"]);
    assert.ok(!config.service.extensions.includes("jaeger_query"));
    assert.deepEqual(d.ofType("docker:index/volume:Volume").map((v) => v.inputs.name), ["milvus-tracing-test-milvus-data"]);
    assert.deepEqual(jaegerContainer(d).inputs.volumes ?? [], []);
    assert.equal(d.outputs.forwardMode, "forward-only");
  });

  it("Docker, without secrets: the config stays a plain upload", async () => {
    const d = await deployWithMocks({ forwardMode: "forward-only", forwardEndpoint: "otlp:4317", forwardInsecure: true });
    assert.ok(!jaegerContainer(d).secretInputs.includes("uploads"));
    assert.deepEqual((parse(uploaded(d, "/etc/jaeger/config.yaml")) as JaegerYaml).exporters["otlp/forward"]?.tls, { insecure: true });
  });

  it("Kubernetes: the config and CA in a Secret, no header value in any ConfigMap or pod spec", async () => {
    const d = await deployWithMocks({ target: "kubernetes", forwardMode: "local-and-forward", ...TARGET }, undefined, undefined, SECRETS);
    const secret = d.named(SECRET, "milvus-tracing-kubernetes-jaeger-secret");
    assert.ok(secret.secretInputs.includes("stringData"), "the Secret's data reaches the engine as a secret");
    const data = Object.values(secret.inputs.stringData as Record<string, string>).join("\n");
    assert.match(data, /dGVhbTpzM2NyM3Q/);
    assert.match(data, /backend CA/);
    assert.doesNotMatch(plainInputs(d), /dGVhbTpzM2NyM3Q|backend CA/);
  });
});
