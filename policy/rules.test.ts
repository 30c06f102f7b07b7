import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import type { RawSettings } from "../components/settings/validateSettings";
import { deployWithMocks, type RegisteredResource } from "../components/testing/mockedDeployment";
import { deployedServices, fileKey, type ResourceView } from "./deployedServices";
import { exposedOnlyWithLogin, jaegerStoragePersistent, otlpOverTls, podSecurityLabelled, requestsAndLimits, samplesTraces, type Finding } from "./rules";

/**
 * The rules run on the resources the real program registers (under Pulumi's mocks) for a stack's
 * settings, as the pack runs them on a preview's: resource rules per resource, stack rules on all.
 */
function view(resource: RegisteredResource): ResourceView {
  return { type: resource.type, name: resource.name, urn: `urn:pulumi:test::milvus-tracing::${resource.type}::${resource.name}`, props: resource.inputs };
}

type Rule = "otlp-over-tls" | "traces-sampled" | "exposed-only-with-login" | "requests-and-limits" | "pod-security-label" | "jaeger-storage-persistent";

function evaluate(resources: readonly ResourceView[]): Map<Rule, Finding[]> {
  const services = deployedServices(resources);
  const perResource = (check: (resource: ResourceView) => Finding[]) => resources.flatMap(check);
  return new Map<Rule, Finding[]>([
    ["otlp-over-tls", services.flatMap(otlpOverTls)],
    ["traces-sampled", samplesTraces(services)],
    ["exposed-only-with-login", exposedOnlyWithLogin(services)],
    ["requests-and-limits", perResource((resource) => (/Container|Deployment|StatefulSet/.test(resource.type) ? requestsAndLimits(resource) : []))],
    ["pod-security-label", perResource((resource) => (resource.type === "kubernetes:core/v1:Namespace" ? podSecurityLabelled(resource) : []))],
    ["jaeger-storage-persistent", jaegerStoragePersistent(services)],
  ]);
}

async function stack(raw: RawSettings): Promise<ResourceView[]> {
  return (await deployWithMocks(raw)).resources.map(view);
}

function violated(findings: Map<Rule, Finding[]>): Rule[] {
  return [...findings].filter(([, list]) => list.length > 0).map(([rule]) => rule);
}

function messages(findings: Map<Rule, Finding[]>, rule: Rule): string {
  return (findings.get(rule) ?? []).map((finding) => finding.message).join("\n");
}

/** A copy of the stack where one resource's inputs are changed by `edit`. */
function edited(resources: readonly ResourceView[], pick: (resource: ResourceView) => boolean, edit: (props: Record<string, unknown>) => Record<string, unknown>): ResourceView[] {
  let found = false;
  const result = resources.map((resource) => {
    if (!pick(resource)) return resource;
    found = true;
    return { ...resource, props: edit(structuredClone(resource.props)) };
  });
  assert.ok(found, "the edit found its resource");
  return result;
}

/** Jaeger's config with the basicauth extension switched off (still configured, no longer listed). */
function withoutJaegerExtension(text: string): string {
  const config = parse(text) as { service: { extensions: string[] } };
  config.service.extensions = config.service.extensions.filter((name) => name !== "basicauth/login");
  return stringify(config);
}

/** Jaeger's config with no auth block on the query API's HTTP server. */
function withoutQueryAuth(text: string): string {
  const config = parse(text) as { extensions: { jaeger_query: { http: Record<string, unknown> } } };
  delete config.extensions.jaeger_query.http.auth;
  return stringify(config);
}

/**
 * The resources as @pulumi/policy hands them over at preview: reading a value the update generates
 * (a certificate or key: a `.pem` entry of a ConfigMap, the whole stringData of a Secret holding
 * one, the config checksum of a pod template) throws, and the pack then skips the rule.
 */
function atPreview(resources: readonly ResourceView[]): ResourceView[] {
  const holdsPem = (value: unknown) => typeof value === "object" && value !== null && Object.keys(value).some((key) => key.endsWith(".pem"));
  const unknown = (resource: ResourceView, path: readonly string[], value: unknown): boolean =>
    (resource.type === "kubernetes:core/v1:ConfigMap" && path.length === 2 && path[0] === "data" && path[1]?.endsWith(".pem") === true) ||
    (resource.type === "kubernetes:core/v1:Secret" && path.length === 1 && path[0] === "stringData" && holdsPem(value)) ||
    path.join(".") === "spec.template.metadata.annotations";
  const wrap = (resource: ResourceView, value: unknown, path: readonly string[]): unknown =>
    typeof value !== "object" || value === null
      ? value
      : new Proxy(value, {
          get(target, key, receiver) {
            const child: unknown = Reflect.get(target, key, receiver);
            if (typeof key !== "string") return child;
            if (unknown(resource, [...path, key], child)) throw new Error(`${resource.name}: ${[...path, key].join(".")} can't be known during preview`);
            return Array.isArray(target) && !/^\d+$/.test(key) ? child : wrap(resource, child, [...path, key]);
          },
        });
  return resources.map((resource) => ({ ...resource, props: wrap(resource, resource.props, []) as Record<string, unknown> }));
}

const PROD_DOCKER: RawSettings = { target: "docker", secure: "true", sampleFraction: "0.1" };
const PROD_KUBERNETES: RawSettings = {
  target: "kubernetes",
  secure: "true",
  sampleFraction: "0.1",
  milvusCpuRequest: "2",
  milvusMemoryRequest: "8Gi",
  milvusCpuLimit: "4",
  milvusMemoryLimit: "16Gi",
};

describe("the policy pack's rules on the program's own resources", () => {
  it("pass a prod-like Docker stack: secure, head sampling 0.1, loopback, badger", async () => {
    const findings = evaluate(await stack(PROD_DOCKER));
    assert.deepEqual(violated(findings), [], [...findings.values()].flat().map((finding) => finding.message).join("\n"));
  });

  it("pass tail sampling with Milvus recording every trace", async () => {
    const findings = evaluate(await stack({ ...PROD_DOCKER, sampleFraction: "1", samplingMode: "tail" }));
    assert.deepEqual(violated(findings), []);
  });

  it("name the setting of each violation of a bad Docker stack: plaintext, every trace kept, memory storage", async () => {
    const findings = evaluate(await stack({ target: "docker", secure: "false", sampleFraction: "1", jaegerStorage: "memory" }));
    assert.deepEqual(violated(findings), ["otlp-over-tls", "traces-sampled", "jaeger-storage-persistent"]);
    assert.match(messages(findings, "otlp-over-tls"), /Milvus exports its spans in plaintext .* set milvus-tracing:secure to true/);
    assert.match(messages(findings, "otlp-over-tls"), /Jaeger's OTLP receiver otlp \(grpc\) accepts plaintext/);
    assert.match(messages(findings, "traces-sampled"), /trace\.sampleFraction 1\).* set milvus-tracing:sampleFraction below 1 .* milvus-tracing:samplingMode to tail/);
    assert.match(messages(findings, "jaeger-storage-persistent"), /in memory, lost when it stops: set milvus-tracing:jaegerStorage to badger/);
    const [sampling] = findings.get("traces-sampled") ?? [];
    assert.match(sampling?.urn ?? "", /docker:index\/container:Container::.*milvus$/, "the finding points at Milvus's container");
  });

  it("accept ports published beyond loopback only with Milvus's authorization and Jaeger's basicauth", async () => {
    const resources = await stack({ ...PROD_DOCKER, bindAddress: "0.0.0.0" });
    assert.deepEqual(violated(evaluate(resources)), []);
    const exposed = deployedServices(resources).flatMap((service) => service.exposedPorts.map(({ port }) => `${service.service}:${port}`));
    assert.ok(exposed.includes("milvus:19530") && exposed.includes("jaeger:16686"), exposed.join(", "));

    const isService = (name: string) => (resource: ResourceView) => resource.type === "docker:index/container:Container" && resource.name.endsWith(`-${name}`);
    const withoutLogin = (path: string, strip: (text: string) => string) => (props: Record<string, unknown>) => ({
      ...props,
      uploads: (props.uploads as { file: string; content: string }[]).map((upload) => (upload.file === path ? { ...upload, content: strip(upload.content) } : upload)),
    });
    const noAuthorization = edited(resources, isService("milvus"), withoutLogin("/milvus/configs/user.yaml", (text) => text.replace("authorizationEnabled: true", "authorizationEnabled: false")));
    assert.match(messages(evaluate(noAuthorization), "exposed-only-with-login"), /milvus port 19530 is reachable from outside \(published on 0\.0\.0\.0\) without a login: Milvus's authorization is off.* set milvus-tracing:bindAddress to 127\.0\.0\.1/);
    const noBasicAuth = edited(resources, isService("jaeger"), withoutLogin("/etc/jaeger/config.yaml", withoutJaegerExtension));
    assert.match(messages(evaluate(noBasicAuth), "exposed-only-with-login"), /jaeger port 16686 .* no authenticator \(basicauth\)/);
  });

  it("pass the prod stack on Kubernetes: ClusterIP, requests and limits, the Pod Security label, a claim for Badger", async () => {
    const findings = evaluate(await stack(PROD_KUBERNETES));
    assert.deepEqual(violated(findings), [], [...findings.values()].flat().map((finding) => finding.message).join("\n"));
  });

  it("run at preview on Kubernetes, reading none of the certificates and keys the update generates", async () => {
    const prod = evaluate(atPreview(await stack(PROD_KUBERNETES)));
    assert.deepEqual(violated(prod), [], [...prod.values()].flat().map((finding) => finding.message).join("\n"));
    const bad = evaluate(atPreview(await stack({ ...PROD_KUBERNETES, secure: "false", sampleFraction: "1", jaegerStorage: "memory" })));
    assert.deepEqual(violated(bad), ["otlp-over-tls", "traces-sampled", "jaeger-storage-persistent"]);
    assert.match(messages(bad, "otlp-over-tls"), /Jaeger's OTLP receiver otlp \(http\) accepts plaintext/);
  });

  it("follow a NodePort Service to the workload's logins, and flag the one without", async () => {
    const resources = await stack({ ...PROD_KUBERNETES, serviceType: "NodePort", externalPorts: "milvus-grpc,jaeger-query,jaeger-otlp-grpc" });
    assert.deepEqual(violated(evaluate(resources)), []);
    const exposed = deployedServices(resources).flatMap((service) => service.exposedPorts.map(({ port }) => `${service.service}:${port}`));
    assert.deepEqual(exposed.sort(), ["jaeger:16686", "jaeger:4319", "milvus:19530"]);
    const jaegerSecret = (resource: ResourceView) => resource.type === "kubernetes:core/v1:Secret" && resource.name.includes("jaeger");
    const key = fileKey("/etc/jaeger/config.yaml");
    const noAuth = edited(resources, jaegerSecret, (props) => {
      const data = props.stringData as Record<string, string>;
      return { ...props, stringData: { ...data, [key]: withoutQueryAuth(data[key] ?? "") } };
    });
    const message = messages(evaluate(noAuth), "exposed-only-with-login");
    assert.match(message, /jaeger port 16686 is reachable from outside \(NodePort Service .*\) without a login.* set milvus-tracing:serviceType to ClusterIP, or leave port 16686 out of milvus-tracing:externalPorts/);
  });

  it("flag a container without requests or limits and a namespace without the Pod Security label", async () => {
    const resources = await stack(PROD_KUBERNETES);
    const isJaegerWorkload = (resource: ResourceView) => resource.type === "kubernetes:apps/v1:Deployment" && resource.name.endsWith("-jaeger");
    const noLimits = edited(resources, isJaegerWorkload, (props) => {
      const spec = props.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
      for (const container of spec.template.spec.containers) container.resources = { requests: { cpu: "100m" } };
      return props;
    });
    assert.equal(messages(evaluate(noLimits), "requests-and-limits"), "jaeger runs without a request or limit: set milvus-tracing:jaegerMemoryRequest, milvus-tracing:jaegerCpuLimit, milvus-tracing:jaegerMemoryLimit.");
    const unlabelled = edited(
      resources,
      (resource) => resource.type === "kubernetes:core/v1:Namespace",
      (props) => ({ ...props, metadata: { name: "milvus-tracing-test", labels: {} } }),
    );
    assert.match(messages(evaluate(unlabelled), "pod-security-label"), /Namespace milvus-tracing-test enforces no Pod Security \(pod-security.kubernetes.io\/enforce: unset\): label it/);
  });

  it("flag Jaeger's memory storage on Kubernetes, and Badger on a volume that is no claim", async () => {
    assert.deepEqual(violated(evaluate(await stack({ ...PROD_KUBERNETES, jaegerStorage: "memory" }))), ["jaeger-storage-persistent"]);
    const resources = await stack(PROD_KUBERNETES);
    const emptyDir = edited(
      resources,
      (resource) => resource.type === "kubernetes:apps/v1:Deployment" && resource.name.endsWith("-jaeger"),
      (props) => {
        const spec = props.spec as { template: { spec: { volumes: Record<string, unknown>[] } } };
        spec.template.spec.volumes = spec.template.spec.volumes.map((volume) => (volume.persistentVolumeClaim ? { name: volume.name, emptyDir: {} } : volume));
        return props;
      },
    );
    assert.match(messages(evaluate(emptyDir), "jaeger-storage-persistent"), /Badger directories \/tmp\/jaeger\/keys, \/tmp\/jaeger\/values are on no persistent volume/);
  });

  it("flag a Docker container without a memory limit, naming the setting", async () => {
    const resources = await stack(PROD_DOCKER);
    const noMemory = edited(
      resources,
      (resource) => resource.type === "docker:index/container:Container" && resource.name.endsWith("-milvus"),
      (props) => ({ ...props, memory: undefined }),
    );
    assert.equal(messages(evaluate(noMemory), "requests-and-limits"), "milvus runs without a request or limit: set milvus-tracing:milvusMemoryLimit.");
  });
});
