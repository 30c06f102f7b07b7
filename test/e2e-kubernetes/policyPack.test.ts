import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { PROJECT } from "../../scripts/stackConfigFile";
import { REPO } from "../verifyProcess";
import { ThrowawayStack } from "../e2e/pulumiStack";
import { lab, namespaceExists } from "./labCluster";

/** The pack as the README runs it on the prod stack: `pulumi preview --policy-pack policy`, with the lab's CLI and language host. */
const POLICY_PACK = join(REPO, "policy");
const PACK = "milvus-tracing-production@v0.1.0";
const RULES = ["otlp-over-tls", "traces-sampled", "exposed-only-with-login", "requests-and-limits", "pod-security-label", "jaeger-storage-persistent"];

/** Pulumi.prod.yaml's own settings, without the project prefix: the test follows the file. */
function prodSettings(): Record<string, unknown> {
  const file = parse(readFileSync(join(REPO, "Pulumi.prod.yaml"), "utf8")) as { config?: Record<string, unknown> };
  const entries = Object.entries(file.config ?? {});
  const foreign = entries.map(([key]) => key).filter((key) => !key.startsWith(`${PROJECT}:`));
  assert.deepEqual(foreign, [], "Pulumi.prod.yaml sets only the program's own keys");
  return Object.fromEntries(entries.map(([key, value]) => [key.slice(PROJECT.length + 1), value]));
}

/** The rules the pack reports as violated, in the pack's order. */
const violatedRules = (output: string): string[] => RULES.filter((rule) => new RegExp(`\\[mandatory\\] +${rule}`).test(output));

/** What the lab needs beyond a stack's own settings: its cluster, its images in the cluster's containerd. */
const labOnly = (namespace: string) => ({ kubeconfig: lab.kubeconfig, labMilvusImage: lab.milvusImage, labJaegerImage: lab.jaegerImage, namespace });

describe("the policy pack on previews of Kubernetes stacks", () => {
  const namespaces = { prod: "e2e-policy-prod", bad: "e2e-policy-bad" };
  let prod: ThrowawayStack;
  let bad: ThrowawayStack;
  before(async () => {
    assert.ok(lab.kubeconfig && lab.milvusImage && lab.jaegerImage, "run through test/e2e-kubernetes/run.sh, which brings the lab cluster up");
    const settings = prodSettings();
    assert.equal(settings.target, "kubernetes", "the prod stack targets Kubernetes");
    prod = await ThrowawayStack.create("k8s-policy-prod", { ...settings, ...labOnly(namespaces.prod) });
    // Every rule that a setting can break on Kubernetes: plaintext OTLP, every trace kept, traces in
    // memory, and ports leaving through NodePort Services. Requests and limits cannot be unset (each
    // has a default and 0 or "" is refused) and the namespace's Pod Security label is fixed.
    bad = await ThrowawayStack.create("k8s-policy-bad", {
      target: "kubernetes",
      secure: false,
      sampleFraction: 1,
      jaegerStorage: "memory",
      serviceType: "NodePort",
      externalPorts: "milvus-grpc,jaeger-query",
      ...labOnly(namespaces.bad),
    });
  });
  after(async () => {
    await prod.remove();
    await bad.remove();
  });

  it("passes the prod stack (Pulumi.prod.yaml's settings): OTLP over TLS, head sampling, ClusterIP, requests and limits, Badger on a claim", async (t) => {
    const result = await prod.preview("--policy-pack", POLICY_PACK, "--color", "never");
    t.diagnostic(result.output.slice(result.output.indexOf("Policies:")));
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`✅ ${PACK} \\(local: `));
    assert.doesNotMatch(result.output, /\[mandatory\]|\[advisory\]/, "no policy reported anything, nor was skipped as unknown at preview");
    assert.match(result.output, /\+ +kubernetes:core\/v1:Namespace +\S+ +create/, "the preview planned the stack's objects, which the rules read");
    assert.equal(await namespaceExists(namespaces.prod), false, "a preview creates nothing");
  });

  it("fails a stack in plaintext that keeps every trace in memory, behind NodePorts, listing each violation with the setting to change", async (t) => {
    const result = await bad.preview("--policy-pack", POLICY_PACK, "--color", "never");
    t.diagnostic(result.output.slice(result.output.indexOf("Policies:")));
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`❌ ${PACK} \\(local: `));
    assert.deepEqual(violatedRules(result.output), ["otlp-over-tls", "traces-sampled", "jaeger-storage-persistent"], result.output);
    assert.match(result.output, /Milvus exports its spans in plaintext \(trace\.otlp\.secure is not true\): set milvus-tracing:secure to true/);
    assert.match(result.output, /Jaeger's OTLP receiver otlp \(grpc\) accepts plaintext: set milvus-tracing:secure to true/);
    assert.match(result.output, /Jaeger's OTLP receiver otlp \(http\) accepts plaintext: set milvus-tracing:secure to true/);
    assert.match(result.output, /Milvus records every trace \(trace\.sampleFraction 1\).*set milvus-tracing:sampleFraction below 1 \(0\.1 keeps one in ten\), or milvus-tracing:samplingMode to tail/);
    assert.match(result.output, /Jaeger keeps its traces \(traces_store\) in memory, lost when it stops: set milvus-tracing:jaegerStorage to badger/);
    // The NodePorts were there for exposed-only-with-login to read, and it passed them: each leaving port asks for a login.
    assert.match(result.output, /\+ +kubernetes:core\/v1:Service +\S*milvus-external +create/);
    assert.match(result.output, /\+ +kubernetes:core\/v1:Service +\S*jaeger-external +create/);
    assert.equal(await namespaceExists(namespaces.bad), false, "a preview creates nothing");
  });
});
