import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { deployWithMocks, plainInputs, type MockedDeployment } from "./testing/mockedDeployment";

const CONTAINER = "docker:index/container:Container";
const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const HEADERS = { authorization: "Basic dGVhbTpzM2NyM3Q=" };
/** The header value, and trace.otlp.headers as Milvus gets it: neither may be plain anywhere. */
const HEADER_TEXT = /dGVhbTpzM2NyM3Q|eyJhdXRob3JpemF0aW9uIjoiQmFzaWMg/;
const CA = "-----BEGIN CERTIFICATE-----\nbackend CA\n-----END CERTIFICATE-----\n";
const DIRECT = { forwardMode: "milvus-direct", forwardEndpoint: "otlp.team.example:4317" };
const SECRETS = { forwardHeaders: JSON.stringify(HEADERS) };

interface Upload { file: string; content: unknown }
interface UserYaml {
  trace: { exporter: string; otlp: { endpoint: string; method: string; secure: boolean; headers?: string } };
}

const milvusContainer = (d: MockedDeployment) => d.named(CONTAINER, "milvus-tracing-docker-milvus");
const uploaded = (d: MockedDeployment, path: string): string | undefined => {
  const upload = (milvusContainer(d).inputs.uploads as Upload[]).find((u) => u.file === path);
  return upload === undefined ? undefined : String(upload.content);
};
const decodedHeaders = (yaml: string): unknown => JSON.parse(Buffer.from((parse(yaml) as UserYaml).trace.otlp.headers ?? "", "base64").toString("utf8"));

describe("forwardMode milvus-direct under Pulumi's mocks", () => {
  it("Docker: no Jaeger at all, Milvus's user.yaml a secret upload with the decoded headers, none in the environment", async () => {
    const d = await deployWithMocks(DIRECT, undefined, undefined, SECRETS);
    assert.deepEqual(d.ofType(CONTAINER).map((c) => c.inputs.name), ["milvus-tracing-test-milvus"]);
    assert.deepEqual(d.ofType("docker:index/volume:Volume").map((v) => v.inputs.name), ["milvus-tracing-test-milvus-data"]);
    assert.ok(!d.resources.some((resource) => resource.name.includes("jaeger")), "no Jaeger resource, password or certificate");
    const userYaml = uploaded(d, "/milvus/configs/user.yaml") ?? "";
    assert.deepEqual((parse(userYaml) as UserYaml).trace.otlp, {
      endpoint: "otlp.team.example:4317",
      method: "grpc",
      secure: true,
      headers: Buffer.from(JSON.stringify(HEADERS)).toString("base64"),
    });
    assert.deepEqual(decodedHeaders(userYaml), HEADERS);
    assert.ok(milvusContainer(d).secretInputs.includes("uploads"), "Milvus's uploads reach the engine as a secret");
    const env = JSON.stringify(milvusContainer(d).inputs.envs ?? []);
    assert.doesNotMatch(env, HEADER_TEXT);
    assert.doesNotMatch(env, /SSL_CERT_FILE/, "no CA file: the system's roots");
    assert.doesNotMatch(plainInputs(d), HEADER_TEXT);
  });

  it("Docker: the outputs name no Jaeger endpoint, and traceOverlay carries the target without the headers", async () => {
    const d = await deployWithMocks(DIRECT, undefined, undefined, SECRETS);
    for (const key of ["jaegerUiUrl", "jaegerQueryUrl", "otlpEndpoint", "jaegerMetricsUrl"]) assert.ok(!(key in d.outputs), key);
    assert.equal(d.outputs.milvusAddress, "127.0.0.1:19530");
    assert.deepEqual((parse(d.outputs.traceOverlay) as UserYaml).trace.otlp, { endpoint: "otlp.team.example:4317", method: "grpc", secure: true });
    assert.deepEqual(Object.keys(d.outputs.images), ["milvus"]);
    assert.doesNotMatch(JSON.stringify(d.outputs), HEADER_TEXT);
  });

  it("Docker: forwardCa becomes Milvus's CA file, a secret, named in the variables its two exporters read", async () => {
    const d = await deployWithMocks(DIRECT, undefined, undefined, { ...SECRETS, forwardCa: CA });
    assert.equal(uploaded(d, "/milvus/tls/otlp-ca.pem"), CA);
    const env = milvusContainer(d).inputs.envs as string[];
    for (const name of ["SSL_CERT_FILE", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE"]) assert.ok(env.includes(`${name}=/milvus/tls/otlp-ca.pem`), name);
    assert.doesNotMatch(plainInputs(d), /backend CA/);
  });

  it("Docker, plaintext and no headers: secure: false, and a plain upload since nothing in it is secret", async () => {
    const d = await deployWithMocks({ ...DIRECT, forwardInsecure: true });
    const otlp = (parse(uploaded(d, "/milvus/configs/user.yaml") ?? "") as UserYaml).trace.otlp;
    assert.deepEqual(otlp, { endpoint: "otlp.team.example:4317", method: "grpc", secure: false });
    assert.ok(!milvusContainer(d).secretInputs.includes("uploads"));
  });

  it("Kubernetes: user.yaml in a Secret, not the ConfigMap; no Jaeger Deployment or Service; no header value in the pod spec", async () => {
    const d = await deployWithMocks({ ...DIRECT, target: "kubernetes" }, undefined, undefined, SECRETS);
    assert.ok(!d.resources.some((resource) => resource.name.includes("jaeger")), "no Jaeger object");
    const secret = d.named(SECRET, "milvus-tracing-kubernetes-milvus-secret");
    assert.ok(secret.secretInputs.includes("stringData"), "the Secret's data reaches the engine as a secret");
    const data = secret.inputs.stringData as Record<string, string>;
    assert.deepEqual(Object.keys(data), ["milvus-configs-user.yaml"]);
    assert.deepEqual(decodedHeaders(data["milvus-configs-user.yaml"] ?? ""), HEADERS);
    const configMap = d.named(CONFIG_MAP, "milvus-tracing-kubernetes-milvus-config").inputs.data as Record<string, string>;
    assert.deepEqual(Object.keys(configMap), ["milvus-configs-embedEtcd.yaml"]);
    assert.doesNotMatch(plainInputs(d), HEADER_TEXT);
    assert.deepEqual(Object.keys(d.outputs.kubernetes?.portForwards ?? {}), ["milvusAddress"]);
  });

  it("Kubernetes with a LoadBalancer: only Milvus leaves, and only Milvus asks for a login", async () => {
    const d = await deployWithMocks({ ...DIRECT, target: "kubernetes", serviceType: "LoadBalancer" }, undefined, undefined, SECRETS);
    assert.deepEqual(Object.keys(d.credentials?.value ?? {}), ["milvus"]);
    const userYaml = (d.named(SECRET, "milvus-tracing-kubernetes-milvus-secret").inputs.stringData as Record<string, string>)["milvus-configs-user.yaml"] ?? "";
    assert.match(userYaml, /defaultRootPassword: mock password/);
    assert.deepEqual(decodedHeaders(userYaml), HEADERS);
  });
});
