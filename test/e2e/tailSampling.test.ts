import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";
import { TAIL_SETTINGS, upTailStack, verifyTailStack } from "./tailStack";

describe("a tail-sampling Docker stack", () => {
  let stack: ThrowawayStack;
  const name = "e2e-tail";
  const jaegerContainer = `milvus-tracing-${name}-jaeger`;
  before(async () => {
    assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
    stack = await ThrowawayStack.create("tail", { target: "docker", secure: false, retainData: false, ...TAIL_SETTINGS, ...images, ...ports(24000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("deploys; verify finds its trace and the untraced calls' baseline within its interval", async (t) => {
    await upTailStack(stack);
    // Read from the stack output jaegerMetricsUrl: no --jaeger-metrics was given.
    await verifyTailStack(stack, t);
  });

  it("serves the collector's counters on 127.0.0.1 only", async () => {
    assert.equal((await docker(["port", jaegerContainer, "8888/tcp"])).trim(), `127.0.0.1:${ports(24000).jaegerMetricsPort}`);
    assert.equal((await stack.outputs()).jaegerMetricsUrl, `http://127.0.0.1:${ports(24000).jaegerMetricsPort}`);
  });
});
