import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import type { KubernetesOutputsJson } from "../../verify/kubernetesPortForward";
import { ThrowawayStack } from "../e2e/pulumiStack";
import { TAIL_SETTINGS, upTailStack, verifyTailStack } from "../e2e/tailStack";
import { kubectl, lab, LAB_RESOURCES, namesIn, namespaceExists } from "./labCluster";
import { countRows, insertRows } from "../milvusRows";
import { spansInJaeger, withMilvus } from "./milvusThroughForward";
import { MILVUS_DEFAULT_ROOT_PASSWORD } from "../../components/credentials/milvusRootPassword";
import { milvusAnswers, otlpExportFailures, queryStatus } from "../e2e/logins";
import type { Login } from "../../verify/login";
import type { Verdict } from "../../verify/report";
import type { CollectorCounters } from "../../verify/collectorCounters";

const images = { milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage };
const cluster = { target: "kubernetes", kubeconfig: lab.kubeconfig, ...images, ...LAB_RESOURCES, milvusDataSize: "2Gi", jaegerDataSize: "1Gi" };
const STACK_KINDS = ["deployments", "services", "configmaps", "secrets", "pods"];
const traceBlock = (yamlText: string) => (parse(yamlText) as { trace: { sampleFraction: number } }).trace;

/** What the stack made in its namespace, leaving out what Kubernetes makes in every namespace. */
async function stackObjects(namespace: string): Promise<string[]> {
  const found = await Promise.all(STACK_KINDS.map((kind) => namesIn(namespace, kind)));
  return found.flat().filter((name) => name !== "configmap/kube-root-ca.crt");
}

const milvusPodUid = (namespace: string) => kubectl(["get", "pods", "-n", namespace, "-l", "app.kubernetes.io/name=milvus", "-o", "jsonpath={.items[*].metadata.uid}"]);

/** Jaeger's collector counters over a verify run, read through the port-forward to its port 8888: spans came in and none were lost. */
function assertCollectorHealthy(collector: Verdict["collector"]): CollectorCounters {
  assert.ok(collector !== undefined && typeof collector !== "string", `collector counters: ${JSON.stringify(collector)}`);
  assert.ok(collector.receiverAccepted > 0 && collector.exporterSent > 0, JSON.stringify(collector));
  assert.equal(collector.receiverRefused + collector.exporterFailed + collector.droppedTooEarly, 0, JSON.stringify(collector));
  return collector;
}

before(() => {
  assert.ok(lab.kubeconfig && lab.kubectl && lab.milvusImage && lab.jaegerImage, "run through test/e2e-kubernetes/run.sh, which brings the lab cluster up");
});

describe("a prod-like stack on the lab cluster (TLS, sampleFraction 0.1, ClusterIP)", () => {
  const namespace = "e2e-prod";
  let stack: ThrowawayStack;
  let kubernetes: KubernetesOutputsJson;
  let verified: { traceId: string; spans: number } | undefined;
  before(async () => {
    stack = await ThrowawayStack.create("k8s-prod", { ...cluster, namespace, secure: true, sampleFraction: 0.1 });
  });
  after(async () => {
    // Whatever the tests left, the namespace goes, and the claim it kept with it.
    await stack.destroy();
    await stack.remove();
    await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  });

  it("deploys, and verify passes through port-forwards, sampling consistent with 0.1", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    // Its Services and claims skip the provider's own wait: the Deployments' wait must cover them.
    const ready = await kubectl(["get", "deployments,pvc", "-n", namespace, "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name}={.status.readyReplicas}{.status.phase} {end}"]);
    assert.deepEqual(ready.split(" ").filter(Boolean).sort(), ["Deployment/jaeger=1", "Deployment/milvus=1", "PersistentVolumeClaim/jaeger-data=Bound", "PersistentVolumeClaim/milvus-data=Bound"]);
    const outputs = await stack.outputs();
    kubernetes = outputs.kubernetes as KubernetesOutputsJson;
    assert.equal(outputs.milvusAddress, `milvus.${namespace}.svc.cluster.local:19530`);
    assert.deepEqual(Object.keys(kubernetes.portForwards).sort(), ["jaegerMetricsUrl", "jaegerQueryUrl", "milvusAddress", "otlpEndpoint"]);

    const { code, verdict } = await stack.verify(["--sampling", "200"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.match(verdict.source, /via port-forward/);
    assert.equal(verdict.endpoints?.secure, true);
    assert.deepEqual(verdict.checks.map((check) => [check.name, check.passed]).filter(([, passed]) => !passed), [], JSON.stringify(verdict.checks));
    assert.equal(verdict.checks.length, 4, "trace, client spans, server spans, sampling");
    assert.equal(code, 0);
    assert.ok(verdict.traceId);
    verified = { traceId: verdict.traceId, spans: await spansInJaeger(kubernetes, verdict.traceId) };
    assert.ok(verified.spans > 50, `Jaeger has the whole trace (${verified.spans} spans)`);
    assertCollectorHealthy(verdict.collector);
  });

  it("still has verify's trace after Jaeger's pod is deleted and comes back (Badger on its claim)", async () => {
    assert.ok(verified);
    await kubectl(["delete", "pod", "-n", namespace, "-l", "app.kubernetes.io/name=jaeger", "--wait=true", "--timeout=120s"]);
    await kubectl(["rollout", "status", "deployment/jaeger", "-n", namespace, "--timeout=180s"]);
    assert.ok((await spansInJaeger(kubernetes, verified.traceId)) >= verified.spans, "the trace survived the pod's restart");
  });

  it("still has it after a Jaeger setting change rolls the pod", async () => {
    assert.ok(verified);
    stack.setConfig({ jaegerRetention: "96h" });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    // Once in two runs here the provider reported the update before the rolled pod was Ready.
    await kubectl(["rollout", "status", "deployment/jaeger", "-n", namespace, "--timeout=180s"]);
    const config = await kubectl(["exec", "-n", namespace, "deploy/jaeger", "--", "cat", "/etc/jaeger/config.yaml"]);
    assert.match(config, /spans: 96h/);
    assert.ok((await spansInJaeger(kubernetes, verified.traceId)) >= verified.spans, "the trace survived the roll");
  });

  it("admits every pod in a namespace that enforces Pod Security baseline", async () => {
    assert.equal(await kubectl(["get", "namespace", namespace, "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}"]), "baseline");
    const ready = await kubectl(["get", "deployments", "-n", namespace, "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.readyReplicas} {end}"]);
    assert.deepEqual(ready.split(" ").filter(Boolean).sort(), ["jaeger=1", "milvus=1"]);
    const refused = await kubectl(["get", "events", "-n", namespace, "--field-selector", "reason=FailedCreate", "-o", "name"]);
    assert.equal(refused, "", "no ReplicaSet was refused a pod");
  });

  it("changes nothing on a second run", async () => {
    const preview = await stack.preview("--expect-no-changes");
    assert.equal(preview.code, 0, preview.output);
  });

  it("rolls Milvus to a new pod with the new sampleFraction mounted, and keeps its rows", async () => {
    await withMilvus(kubernetes, (client) => insertRows(client, "kept", 100));
    const podBefore = await milvusPodUid(namespace);

    stack.setConfig({ sampleFraction: 0.5 });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    // The provider's race seen for Jaeger above, seen once for Milvus too: it reported the update
    // while the old pod still stood.
    await kubectl(["rollout", "status", "deployment/milvus", "-n", namespace, "--timeout=300s"]);

    const podAfter = await milvusPodUid(namespace);
    assert.notEqual(podAfter, podBefore, "a new pod");
    assert.doesNotMatch(podAfter, / /, "one Milvus pod, not two");
    const overlay = await kubectl(["exec", "-n", namespace, "deploy/milvus", "--", "cat", "/milvus/configs/user.yaml"]);
    assert.equal(traceBlock(overlay).sampleFraction, 0.5);
    assert.equal(await withMilvus(kubernetes, (client) => countRows(client, "kept")), 100, "the rows survived the roll");
  });

  it("keeps Milvus calls working with Jaeger gone, exits 2 naming Jaeger, and passes once it is back", async () => {
    await kubectl(["scale", "deployment/jaeger", "-n", namespace, "--replicas=0"]);
    await kubectl(["wait", "--for=delete", "pod", "-n", namespace, "-l", "app.kubernetes.io/name=jaeger", "--timeout=120s"]);
    assert.equal(await withMilvus(kubernetes, (client) => countRows(client, "kept")), 100, "Milvus answers while its exporter has nowhere to send");

    // A node reboot can start Milvus before its collector: it must come up all the same.
    await kubectl(["delete", "pod", "-n", namespace, "-l", "app.kubernetes.io/name=milvus", "--wait=true", "--timeout=120s"]);
    await kubectl(["rollout", "status", "deployment/milvus", "-n", namespace, "--timeout=300s"]);
    await kubectl(["wait", "--for=condition=Ready", "pod", "-n", namespace, "-l", "app.kubernetes.io/name=milvus", "--timeout=300s"]);
    const restarts = await kubectl(["get", "pods", "-n", namespace, "-l", "app.kubernetes.io/name=milvus", "-o", "jsonpath={.items[*].status.containerStatuses[0].restartCount}"]);
    assert.equal(restarts, "0", "the new Milvus pod started with no collector and never restarted");
    assert.equal(await withMilvus(kubernetes, (client) => countRows(client, "kept")), 100, "and answers");

    const down = await stack.verify(["--timeout", "20"]);
    assert.equal(down.code, 2);
    assert.match(`${down.verdict?.error?.endpoint ?? ""} ${down.verdict?.error?.message ?? ""} ${down.stderr}`, /jaeger/);

    await kubectl(["scale", "deployment/jaeger", "-n", namespace, "--replicas=1"]);
    await kubectl(["rollout", "status", "deployment/jaeger", "-n", namespace, "--timeout=180s"]);
    const back = await stack.verify();
    assert.equal(back.code, 0, JSON.stringify(back.verdict?.checks ?? back.stderr));
  });

  it("destroys everything but the claims it was told to keep, and a new up finds the rows and the traces", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    assert.deepEqual(await stackObjects(namespace), []);
    assert.deepEqual(await namesIn(namespace, "persistentvolumeclaims"), ["persistentvolumeclaim/jaeger-data", "persistentvolumeclaim/milvus-data"]);

    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal(await withMilvus(kubernetes, (client) => countRows(client, "kept")), 100, "the rows were found again");
    assert.ok(verified);
    assert.ok((await spansInJaeger(kubernetes, verified.traceId)) >= verified.spans, "and verify's trace");
  });

  it("leaves nothing of the stack, namespace included, when told not to keep data", async () => {
    stack.setConfig({ retainData: false });
    assert.equal((await stack.up()).code, 0);
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    await kubectl(["wait", "--for=delete", `namespace/${namespace}`, "--timeout=180s"]).catch(() => "");
    assert.equal(await namespaceExists(namespace), false);
  });
});

describe("a NodePort stack on the lab cluster", () => {
  const namespace = "e2e-nodeport";
  let stack: ThrowawayStack;
  before(async () => {
    // OTLP leaves only over TLS, through Jaeger's outside receiver, which asks for the login too.
    const exposed = { serviceType: "NodePort", externalPorts: "milvus-grpc,jaeger-query,jaeger-otlp-grpc" };
    stack = await ThrowawayStack.create("k8s-nodeport", { ...cluster, namespace, secure: true, retainData: false, ...exposed });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  });

  it("makes only the chosen ports NodePorts, behind generated logins, and verify passes with them", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const nodePorts = await kubectl(["get", "services", "-n", namespace, "-o", "jsonpath={range .items[*]}{.metadata.name}:{.spec.type}:{range .spec.ports[*]}{.name},{end} {end}"]);
    assert.deepEqual(nodePorts.split(" ").filter(Boolean).sort(), [
      "jaeger-external:NodePort:otlp-grpc,query,",
      "jaeger:ClusterIP:otlp-grpc,otlp-http,query,health,metrics,",
      "milvus-external:NodePort:grpc,",
      "milvus:ClusterIP:grpc,health,",
    ]);
    const nodeAddress = await kubectl(["get", "nodes", "-o", "jsonpath={.items[0].status.addresses[?(@.type==\"InternalIP\")].address}"]);
    const nodePortOf = (service: string, port: string) =>
      kubectl(["get", "service", service, "-n", namespace, "-o", `jsonpath={.spec.ports[?(@.name=="${port}")].nodePort}`]);
    const outputs = await stack.outputs();
    assert.equal(outputs.milvusAddress, `${nodeAddress}:${await nodePortOf("milvus-external", "grpc")}`);
    assert.equal(outputs.jaegerQueryUrl, `http://${nodeAddress}:${await nodePortOf("jaeger-external", "query")}`);
    assert.equal(outputs.otlpEndpoint, `${nodeAddress}:${await nodePortOf("jaeger-external", "otlp-grpc")}`);
    // Only the collector's counters stay inside: verify reaches them through a port-forward.
    assert.deepEqual((outputs.kubernetes as KubernetesOutputsJson).portForwards, { jaegerMetricsUrl: { service: "jaeger", port: 8888 } });

    const credentials = outputs.credentials as Record<string, Login>;
    assert.deepEqual(Object.keys(credentials).sort(), ["jaeger", "milvus"]);
    const secretsAndSpecs = await kubectl(["get", "deployments,configmaps", "-n", namespace, "-o", "yaml"]);
    for (const login of Object.values(credentials)) assert.equal(secretsAndSpecs.includes(login.password), false, "no password in a pod spec or ConfigMap");

    const { code, verdict } = await stack.verify();
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(verdict.endpoints, { milvusAddress: outputs.milvusAddress, jaegerQueryUrl: outputs.jaegerQueryUrl, otlpEndpoint: outputs.otlpEndpoint, secure: true });
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true]);
    assert.equal(code, 0, JSON.stringify(verdict.checks));
  });

  it("refuses a client without the logins at Milvus, Jaeger's query and its OTLP receiver, from outside the cluster", async () => {
    const outputs = await stack.outputs();
    const credentials = outputs.credentials as Record<string, Login>;
    const milvus = String(outputs.milvusAddress);
    assert.equal(await milvusAnswers(milvus, credentials.milvus), "ok");
    assert.match(await milvusAnswers(milvus, undefined), /^refused: .*UNAUTHENTICATED/);
    assert.match(await milvusAnswers(milvus, { username: "root", password: MILVUS_DEFAULT_ROOT_PASSWORD }), /^refused: .*UNAUTHENTICATED/);
    const query = String(outputs.jaegerQueryUrl);
    assert.equal(await queryStatus(query, credentials.jaeger), 200);
    assert.equal(await queryStatus(query, undefined), 401);
    const [otlp, caPem] = [String(outputs.otlpEndpoint), String(outputs.caCertificate)];
    assert.deepEqual(await otlpExportFailures(otlp, caPem, credentials.jaeger), [], "spans with the login, over TLS to the node's address");
    assert.match((await otlpExportFailures(otlp, caPem, undefined)).join(), /UNAUTHENTICATED/);
  });
});

describe("a tail-sampling stack on the lab cluster", () => {
  const namespace = "e2e-tail";
  let stack: ThrowawayStack;
  before(async () => {
    stack = await ThrowawayStack.create("k8s-tail", { ...cluster, namespace, retainData: false, ...TAIL_SETTINGS });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    await kubectl(["delete", "namespace", namespace, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  });

  it("deploys; verify finds its trace, the untraced calls' baseline within its interval, and the collector's decisions", async (t) => {
    await upTailStack(stack, async () => {
      const overlay = await kubectl(["get", "configmaps", "-n", namespace, "-o", "jsonpath={.items[*].data}"]);
      assert.match(overlay, /tail_sampling/, "Jaeger's config in the cluster has the tail-sampling processor");
    });
    const collector = assertCollectorHealthy(await verifyTailStack(stack, t));
    assert.ok(collector.tracesKept > 0 && collector.tracesDropped > 0, "the collector kept some traces and dropped others");
  });
});

describe("a Kubernetes stack with a bad setting", () => {
  it("fails at preview naming the setting, and creates nothing in the cluster", async () => {
    const namespace = "e2e-bad";
    const stack = await ThrowawayStack.create("k8s-bad", { ...cluster, namespace, serviceType: "NodePort", externalPorts: "milvus-health" });
    try {
      const preview = await stack.preview();
      assert.notEqual(preview.code, 0);
      assert.match(preview.output, /milvus-tracing:externalPorts = "milvus-health" is not allowed: expected a comma-separated list of/);
      const up = await stack.up();
      assert.notEqual(up.code, 0);
      assert.equal(await namespaceExists(namespace), false);
    } finally {
      await stack.remove();
    }
  });
});
