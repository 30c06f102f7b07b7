import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { settingKeys, SETTING_KEYS } from "../settings/settingKeys";
import { SettingsError, validateSettings } from "../settings/validateSettings";
import { deployWithMocks, type MockedDeployment } from "../testing/mockedDeployment";
import { HealthProbe, Workload } from "./serviceDescription";
import { describeServices, SERVICE_TABLE, type ServiceEntry } from "./serviceTable";

/**
 * The proof that a service is a row of the table: a third one, from an image without a shell (so
 * Docker has no program to check it with), with a TCP health check and two replicas that each keep
 * their own volume. Nothing but this row is added, and both platforms run it.
 */
const VECTOR_CACHE: ServiceEntry = {
  name: "vector-cache",
  title: "Vector cache",
  image: { default: "example.org/vector-cache:1.0", description: "Vector cache image (distroless: no shell, no tools)." },
  ports: [{ name: "tcp", containerPort: 7000, external: "whenChosen" }],
  resources: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "500m", memoryLimit: "256Mi" },
  describe: () => ({
    args: ["--port", "7000", "--dir", "/data"],
    env: {},
    files: [],
    health: { probe: HealthProbe.fromTcpSocket(7000), programsInImage: [], startPeriodSeconds: 30, intervalSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    workload: Workload.stateful(2),
    volumes: [{ name: "data", mountPath: "/data", size: "1Gi", retainOnDelete: false }],
    needsRelaxedSyscallFilter: false,
    startsAfter: [],
  }),
};
const TABLE = [...SERVICE_TABLE, VECTOR_CACHE];

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
const SERVICE = "kubernetes:core/v1:Service";

/** What a deployment made for Jaeger and Milvus: the third service must leave it as it was. */
const firstTwo = (d: MockedDeployment) =>
  d.resources.filter((r) => !r.name.includes("vector-cache")).map((r) => ({ ...r, dependsOn: r.dependsOn.filter((name) => !name.includes("vector-cache")) }));

describe("a third service in the table", () => {
  it("has its settings, named after it, with the defaults of its row", () => {
    const keys = new Map(settingKeys(TABLE).map((setting) => [setting.key, setting.default]));
    assert.equal(keys.get("vectorCacheImage"), "example.org/vector-cache:1.0");
    assert.equal(keys.get("labVectorCacheImage"), "");
    assert.equal(keys.get("vectorCacheMemoryLimit"), "256Mi");
    assert.equal(settingKeys(TABLE).length, SETTING_KEYS.length + 6, "image, lab image and four resources; no host port, as it publishes none");
    assert.match(settingKeys(TABLE).find((setting) => setting.key === "externalPorts")?.description ?? "", /: milvus-grpc, jaeger-query, jaeger-otlp-grpc, jaeger-otlp-http, vector-cache-tcp\. /);

    const settings = validateSettings({ labVectorCacheImage: "milvus-tracing-lab/vector-cache:1", externalPorts: "vector-cache-tcp" }, undefined, undefined, undefined, TABLE);
    assert.deepEqual(settings.images["vector-cache"], "milvus-tracing-lab/vector-cache:1");
    assert.deepEqual(settings.kubernetes.externalPorts, ["vector-cache-tcp"]);
    assert.throws(
      () => validateSettings({ vectorCacheCpuRequest: "1" }, undefined, undefined, undefined, TABLE),
      (error: unknown) => error instanceof SettingsError && /vectorCacheCpuRequest = "1" is not allowed: expected at most vectorCacheCpuLimit/.test(error.message),
    );
    assert.throws(() => validateSettings({ vectorCacheImage: "x:1" }), /vectorCacheImage is not a setting of this program/, "only with the row");
  });

  it("runs on Docker as two numbered containers, each with a volume of its own, known by the service's name", async () => {
    const [alone, withIt] = [await deployWithMocks({}), await deployWithMocks({}, undefined, TABLE)];
    const replicas = withIt.ofType(CONTAINER).filter((c) => c.name.includes("vector-cache"));
    assert.deepEqual(replicas.map((c) => c.inputs.name), ["milvus-tracing-test-vector-cache-0", "milvus-tracing-test-vector-cache-1"]);
    assert.deepEqual(replicas.map((c) => c.inputs.networksAdvanced), [
      [{ name: "milvus-tracing-test", aliases: ["vector-cache", "vector-cache-0"] }],
      [{ name: "milvus-tracing-test", aliases: ["vector-cache", "vector-cache-1"] }],
    ]);
    assert.deepEqual(replicas.map((c) => c.inputs.volumes), [
      [{ containerPath: "/data", volumeName: "milvus-tracing-test-vector-cache-0-data" }],
      [{ containerPath: "/data", volumeName: "milvus-tracing-test-vector-cache-1-data" }],
    ]);
    assert.equal(withIt.ofType(VOLUME).filter((v) => v.name.includes("vector-cache") && !v.retainOnDelete).length, 2);
    for (const replica of replicas) {
      assert.equal(replica.inputs.healthcheck, undefined, "no shell and no nc or bash: the engine has nothing to check with");
      assert.equal(replica.inputs.wait, false, "nothing starts after it, so running is enough");
      assert.deepEqual(replica.inputs.ports, []);
    }
    assert.deepEqual(firstTwo(withIt), alone.resources);
    assert.deepEqual(withIt.outputs.images["vector-cache"], { configured: "example.org/vector-cache:1.0", deployed: "example.org/vector-cache:1.0" });
  });

  it("runs on Kubernetes as a StatefulSet of two, a claim per replica, its TCP check asked by the kubelet", async () => {
    const [alone, withIt] = [await deployWithMocks({ target: "kubernetes" }), await deployWithMocks({ target: "kubernetes" }, undefined, TABLE)];
    const set = withIt.named(STATEFUL_SET, "milvus-tracing-kubernetes-vector-cache");
    const spec = set.inputs.spec as {
      replicas: number;
      serviceName: string;
      volumeClaimTemplates: { metadata: { name: string }; spec: { resources: unknown } }[];
      persistentVolumeClaimRetentionPolicy: unknown;
      template: { spec: { containers: { readinessProbe: unknown; startupProbe: { failureThreshold: number }; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string }[] } };
    };
    assert.equal(spec.replicas, 2);
    assert.equal(spec.serviceName, "vector-cache-headless");
    assert.deepEqual(
      spec.volumeClaimTemplates.map((claim) => [claim.metadata.name, claim.spec.resources]),
      [["data", { requests: { storage: "1Gi" } }]],
    );
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Delete", whenScaled: "Retain" });
    const [container] = spec.template.spec.containers;
    assert.ok(container);
    assert.deepEqual(container.readinessProbe, { tcpSocket: { port: 7000 }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 });
    assert.equal(container.startupProbe.failureThreshold, 6);
    assert.ok(container.volumeMounts.some((mount) => mount.name === "data" && mount.mountPath === "/data"));
    assert.deepEqual(spec.template.spec.volumes.map((volume) => volume.name), ["config"], "the claims come from the templates");
    const headless = withIt.named(SERVICE, "milvus-tracing-kubernetes-vector-cache-headless").inputs.spec as { clusterIP: string };
    assert.equal(headless.clusterIP, "None");
    assert.equal((withIt.named(SERVICE, "milvus-tracing-kubernetes-vector-cache").inputs.spec as { type: string }).type, "ClusterIP");
    assert.equal(withIt.ofType("kubernetes:core/v1:PersistentVolumeClaim").length, 2, "Milvus's and Jaeger's, as before");
    assert.deepEqual(firstTwo(withIt), alone.resources);
  });

  it("runs stateless replicas as a rolling Deployment, and as numbered containers sharing the name", async () => {
    const stateless = TABLE.map((service) =>
      service === VECTOR_CACHE ? { ...service, describe: (...args: Parameters<ServiceEntry["describe"]>) => ({ ...service.describe(...args), workload: Workload.stateless(2), volumes: [] }) } : service,
    );
    const kubernetes = await deployWithMocks({ target: "kubernetes" }, undefined, stateless);
    const spec = kubernetes.named("kubernetes:apps/v1:Deployment", "milvus-tracing-kubernetes-vector-cache").inputs.spec as { replicas: number; strategy?: unknown };
    assert.equal(spec.replicas, 2);
    assert.equal(spec.strategy, undefined, "Kubernetes's default: a rolling update");
    assert.equal(kubernetes.ofType(STATEFUL_SET).length, 0);
    const docker = await deployWithMocks({}, undefined, stateless);
    const replicas = docker.ofType(CONTAINER).filter((c) => c.name.includes("vector-cache"));
    assert.deepEqual(replicas.map((c) => c.inputs.name), ["milvus-tracing-test-vector-cache-0", "milvus-tracing-test-vector-cache-1"]);
  });

  it("is refused when the table is described, before any resource, if it has no health check and a service starts after it", () => {
    const unchecked = TABLE.map((service) =>
      service === VECTOR_CACHE ? { ...service, describe: (...args: Parameters<ServiceEntry["describe"]>) => ({ ...service.describe(...args), health: undefined }) } : service,
    ).map((service) =>
      service.name === "milvus" ? { ...service, describe: (...args: Parameters<ServiceEntry["describe"]>) => ({ ...service.describe(...args), startsAfter: ["jaeger", "vector-cache"] }) } : service,
    );
    assert.throws(() => describeServices(unchecked, validateSettings({}, undefined, undefined, undefined, unchecked), undefined), /milvus starts after vector-cache, which has no health check/);
  });

  it("is refused on Docker, by name, once a service starts after it: the engine could not tell when it is up", async () => {
    const awaited = TABLE.map((service) =>
      service.name === "milvus" ? { ...service, describe: (...args: Parameters<ServiceEntry["describe"]>) => ({ ...service.describe(...args), startsAfter: ["jaeger", "vector-cache"] }) } : service,
    );
    await assert.rejects(
      deployWithMocks({}, undefined, awaited),
      /Docker cannot check vector-cache's health \(its tcpSocket probe needs bash or nc in the image, which carries none of them\), and milvus starts after it/,
    );
  });
});
