import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ThrowawayStack } from "../e2e/pulumiStack";
import { kubectl, lab, LAB_RESOURCES, namesIn, namespaceExists } from "./labCluster";

const images = { milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage };
const cluster = { target: "kubernetes", kubeconfig: lab.kubeconfig, ...images, ...LAB_RESOURCES, milvusDataSize: "1Gi", jaegerDataSize: "1Gi" };
const noStackTrace = /^\s+at .+\(.+:\d+:\d+\)$/m;

before(() => {
  assert.ok(lab.kubeconfig && lab.kubectl && lab.milvusImage && lab.jaegerImage, "run through test/e2e-kubernetes/run.sh, which brings the lab cluster up");
});

describe("two stacks side by side on the lab cluster, each in its default namespace", () => {
  const stacks: ThrowawayStack[] = [];
  const namespaceOf = (stack: ThrowawayStack) => `milvus-tracing-${stack.name}`;
  before(async () => {
    for (const label of ["k8s-side-a", "k8s-side-b"]) stacks.push(await ThrowawayStack.create(label, { ...cluster, retainData: false }));
  });
  after(async () => {
    for (const stack of stacks) {
      await stack.destroy();
      await stack.remove();
      await kubectl(["delete", "namespace", namespaceOf(stack), "--ignore-not-found", "--wait=true", "--timeout=120s"]);
    }
  });

  it("deploy into namespaces of their own, labelled as theirs, and verify passes on both", async () => {
    for (const stack of stacks) {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
    }
    for (const stack of stacks) {
      const namespace = namespaceOf(stack);
      const owner = `milvus-tracing.${stack.name}`;
      assert.equal(await kubectl(["get", "namespace", namespace, "-o", "jsonpath={.metadata.labels.milvus-tracing/stack}"]), owner);
      const objects = await kubectl(["get", "deployments,services,persistentvolumeclaims,configmaps", "-n", namespace, "-l", "app.kubernetes.io/managed-by=pulumi", "-o", "jsonpath={range .items[*]}{.kind}={.metadata.labels.milvus-tracing/stack} {end}"]);
      const owned = objects.split(" ").filter(Boolean);
      assert.equal(owned.length, 8, objects);
      assert.ok(owned.every((object) => object.endsWith(`=${owner}`)), objects);
      const { code, verdict } = await stack.verify();
      assert.equal(code, 0, JSON.stringify(verdict?.checks));
    }
  });

  it("destroying one leaves the other whole: its Services, and its claims Bound and not terminating", async () => {
    const [first, second] = stacks;
    assert.ok(first && second);
    const destroyed = await first.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    await kubectl(["wait", "--for=delete", `namespace/${namespaceOf(first)}`, "--timeout=180s"]).catch(() => "");
    assert.equal(await namespaceExists(namespaceOf(first)), false);

    const namespace = namespaceOf(second);
    assert.deepEqual(await namesIn(namespace, "services"), ["service/jaeger", "service/milvus"]);
    const claims = await kubectl(["get", "pvc", "-n", namespace, "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.phase}:{.metadata.deletionTimestamp} {end}"]);
    assert.deepEqual(claims.split(" ").filter(Boolean).sort(), ["jaeger-data=Bound:", "milvus-data=Bound:"]);
    const { code, verdict } = await second.verify();
    assert.equal(code, 0, JSON.stringify(verdict?.checks));
  });
});

describe("a stack pointed at a namespace someone else made", () => {
  const namespace = "e2e-taken";
  let stack: ThrowawayStack;
  before(async () => {
    await kubectl(["create", "namespace", namespace]);
    await kubectl(["create", "configmap", "someone-else", "-n", namespace, "--from-literal=owner=search-team"]);
    stack = await ThrowawayStack.create("k8s-taken", { ...cluster, namespace, retainData: false });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  });

  it("is refused at preview and at up, naming the namespace, and nothing in it changes", async () => {
    const before = await kubectl(["get", "namespace,configmap", "-n", namespace, "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name}@{.metadata.resourceVersion} {end}"]);
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0);
    assert.match(preview.output, /namespace\/e2e-taken exists and has no milvus-tracing\/stack label: this stack did not create it and will not change or delete it\. Set namespace to another name/);
    assert.doesNotMatch(preview.output, noStackTrace, "no stack trace");
    const up = await stack.up();
    assert.notEqual(up.code, 0);
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    const afterwards = await kubectl(["get", "namespace,configmap", "-n", namespace, "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name}@{.metadata.resourceVersion} {end}"]);
    assert.equal(afterwards, before);
    assert.match(afterwards, /ConfigMap\/someone-else@/);
    assert.deepEqual(await namesIn(namespace, "deployments"), []);
  });
});

describe("a Kubernetes stack with bad cluster settings", () => {
  const namespace = "e2e-bad-cluster";
  let stack: ThrowawayStack;
  before(async () => {
    stack = await ThrowawayStack.create("k8s-bad-cluster", { ...cluster, namespace });
  });
  after(async () => {
    await stack.remove();
  });

  const refused = [
    { setting: { kubeconfig: "/nonexistent/kubeconfig" }, message: /milvus-tracing:kubeconfig = "\/nonexistent\/kubeconfig" is not allowed: no such file/ },
    { setting: { kubeContext: "prod-cluster" }, message: /milvus-tracing:kubeContext = "prod-cluster" is not allowed: the kubeconfig has no context prod-cluster \(it has / },
    { setting: { storageClass: "Fast SSD" }, message: /milvus-tracing:storageClass = "Fast SSD" is not allowed: expected a DNS subdomain/ },
    { setting: { storageClass: "fast-ssd" }, message: /milvus-tracing:storageClass = "fast-ssd" is not allowed: the cluster has no such storage class; it has lab-local-path/ },
  ];
  for (const { setting, message } of refused) {
    it(`fails at preview for ${JSON.stringify(setting)}, naming the setting, and creates nothing`, async () => {
      stack.setConfig({ kubeconfig: lab.kubeconfig, kubeContext: "", storageClass: "", ...setting });
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(preview.output, message);
      assert.doesNotMatch(preview.output, noStackTrace, "no stack trace");
      assert.equal(await namespaceExists(namespace), false);
    });
  }
});
