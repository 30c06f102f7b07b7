import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO } from "../verifyProcess";
import { hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

/** The pack as the README runs it: `pulumi preview --policy-pack policy`, with the lab's CLI and language host. */
const POLICY_PACK = join(REPO, "policy");
const PACK = "milvus-tracing-production@v0.1.0";
const RULES = ["otlp-over-tls", "traces-sampled", "exposed-only-with-login", "requests-and-limits", "pod-security-label", "jaeger-storage-persistent"];

describe("the policy pack on previews of Docker stacks", () => {
  let prod: ThrowawayStack;
  let bad: ThrowawayStack;
  before(async () => {
    assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
    // Previews only: nothing is created, so no port is taken; the bases only keep clear of the other files'.
    prod = await ThrowawayStack.create("policy-prod", { target: "docker", secure: true, sampleFraction: 0.1, jaegerStorage: "badger", retainData: false, ...images, ...ports(25000) });
    bad = await ThrowawayStack.create("policy-bad", { target: "docker", secure: false, sampleFraction: 1, jaegerStorage: "memory", retainData: false, ...images, ...ports(26000) });
  });
  after(async () => {
    await prod.remove();
    await bad.remove();
  });

  it("passes a prod-like stack: OTLP over TLS, head sampling 0.1, ports on loopback, Badger on a volume", async (t) => {
    const result = await prod.preview("--policy-pack", POLICY_PACK, "--color", "never");
    t.diagnostic(result.output.slice(result.output.indexOf("Policies:")));
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`✅ ${PACK} \\(local: `));
    for (const rule of RULES) assert.doesNotMatch(result.output, new RegExp(`\\[mandatory\\] +${rule}`));
  });

  it("fails a stack in plaintext that keeps every trace in memory, listing each violation with the setting to change", async (t) => {
    const result = await bad.preview("--policy-pack", POLICY_PACK, "--color", "never");
    t.diagnostic(result.output.slice(result.output.indexOf("Policies:")));
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`❌ ${PACK} \\(local: `));
    const violated = RULES.filter((rule) => new RegExp(`\\[mandatory\\] +${rule}`).test(result.output));
    assert.deepEqual(violated, ["otlp-over-tls", "traces-sampled", "jaeger-storage-persistent"], result.output);
    assert.match(result.output, /Milvus exports its spans in plaintext .*set milvus-tracing:secure to true/);
    assert.match(result.output, /Jaeger's OTLP receiver otlp \(grpc\) accepts plaintext/);
    assert.match(result.output, /set milvus-tracing:sampleFraction below 1 \(0\.1 keeps one in ten\), or milvus-tracing:samplingMode to tail/);
    assert.match(result.output, /Jaeger keeps its traces \(traces_store\) in memory, lost when it stops: set milvus-tracing:jaegerStorage to badger/);
  });
});
