import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { KubernetesOutputsJson } from "../../verify/kubernetesPortForward";
import { ThrowawayStack } from "../e2e/pulumiStack";
import { kubectl, lab, LAB_RESOURCES, runKubectl } from "./labCluster";
import { spansInJaeger } from "./milvusThroughForward";

const cluster = { target: "kubernetes", kubeconfig: lab.kubeconfig, milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage, ...LAB_RESOURCES };
const namespace = "e2e-netpol";
const allowed = "e2e-netpol-allowed";
const other = "e2e-netpol-other";

/** A pod that only waits, from the lab's Milvus image (it has bash and curl), for exec to run clients in. */
async function clientPod(inNamespace: string): Promise<void> {
  await kubectl(["run", "client", "-n", inNamespace, `--image=${lab.milvusImage}`, "--image-pull-policy=IfNotPresent", "--restart=Never", "--command", "--", "sleep", "900"]);
  await kubectl(["wait", "--for=condition=Ready", "pod/client", "-n", inNamespace, "--timeout=180s"]);
}

/** Whether a TCP connection from the namespace's client pod to host:port opens within 5 s. */
async function connects(fromNamespace: string, host: string, port: number): Promise<boolean> {
  const result = await runKubectl(["exec", "-n", fromNamespace, "client", "--", "timeout", "5", "bash", "-c", `exec 3<>/dev/tcp/${host}/${port}`], 60_000);
  return result.code === 0;
}

/** One span over OTLP/HTTP JSON from the namespace's client pod; curl's exit code and the HTTP status. */
async function sendSpan(fromNamespace: string, traceId: string): Promise<string> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: `client-in-${fromNamespace}` } }] },
        scopeSpans: [{ spans: [{ traceId, spanId: randomBytes(8).toString("hex"), name: "send a span", kind: 3, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n) }] }],
      },
    ],
  });
  const url = `http://jaeger.${namespace}.svc.cluster.local:4318/v1/traces`;
  const result = await runKubectl(["exec", "-n", fromNamespace, "client", "--", "curl", "-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "--data", body, url], 60_000);
  return `exit ${result.code} http ${result.output.trim().slice(-3)}`;
}

describe("NetworkPolicies a stack renders, enforced by the lab cluster (kube-router)", () => {
  let stack: ThrowawayStack;
  let kubernetes: KubernetesOutputsJson;
  before(async () => {
    assert.ok(lab.kubeconfig && lab.kubectl && lab.milvusImage && lab.jaegerImage, "run through test/e2e-kubernetes/run.sh, which brings the lab cluster up");
    for (const name of [allowed, other]) await kubectl(["create", "namespace", name]);
    stack = await ThrowawayStack.create("k8s-netpol", { ...cluster, namespace, retainData: false, otlpClientNamespaces: allowed });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    kubernetes = (await stack.outputs()).kubernetes as KubernetesOutputsJson;
    await Promise.all([allowed, other, namespace].map(clientPod));
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    for (const name of [namespace, allowed, other]) await kubectl(["delete", "namespace", name, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  });

  it("lets Milvus send its spans and verify through its port-forwards: verify passes", async () => {
    const { code, verdict } = await stack.verify();
    assert.equal(code, 0, JSON.stringify(verdict?.checks));
  });

  it("refuses a pod of another namespace at Jaeger's OTLP receivers and Milvus's metrics, and serves it Milvus's gRPC and Jaeger's query", async () => {
    const service = (name: string) => `${name}.${namespace}.svc.cluster.local`;
    assert.equal(await connects(other, service("jaeger"), 4317), false, "OTLP gRPC");
    assert.equal(await connects(other, service("jaeger"), 4318), false, "OTLP HTTP");
    assert.equal(await connects(other, service("milvus"), 9091), false, "Milvus metrics and health");
    assert.equal(await connects(other, service("milvus"), 19530), true, "Milvus gRPC");
    assert.equal(await connects(other, service("jaeger"), 16686), true, "Jaeger query");
    const traceId = randomBytes(16).toString("hex");
    assert.doesNotMatch(await sendSpan(other, traceId), /^exit 0 http 200$/);
  });

  it("takes the spans of a pod in a namespace the stack names, and they land in Jaeger", async () => {
    const traceId = randomBytes(16).toString("hex");
    assert.equal(await sendSpan(allowed, traceId), "exit 0 http 200");
    const deadline = performance.now() + 30_000;
    let spans = 0;
    while (spans === 0 && performance.now() < deadline) {
      spans = await spansInJaeger(kubernetes, traceId);
      if (spans === 0) await sleep(1000);
    }
    assert.equal(spans, 1, "the allowed namespace's span is in Jaeger");
  });

  it("lets a pod of the stack's own namespace read Milvus's metrics", async () => {
    assert.equal(await connects(namespace, `milvus.${namespace}.svc.cluster.local`, 9091), true);
  });
});
