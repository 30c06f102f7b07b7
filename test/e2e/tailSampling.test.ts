import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

describe("a tail-sampling Docker stack", () => {
  let stack: ThrowawayStack;
  const name = "e2e-tail";
  const jaegerContainer = `milvus-tracing-${name}-jaeger`;
  before(async () => {
    assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
    const tail = { samplingMode: "tail", tailBaselinePercent: 10, tailDecisionWaitSeconds: 3, traceBatchDelayMs: 500, jaegerStorage: "memory" };
    stack = await ThrowawayStack.create("tail", { target: "docker", secure: false, retainData: false, ...tail, ...images, ...ports(24000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("deploys; verify finds its trace and the untraced calls' baseline within its interval", async (t) => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const outputs = await stack.outputs();
    assert.equal(outputs.sampleFraction, 1, "Milvus records every trace for the collector to judge");
    assert.deepEqual(outputs.tailSampling, { baselinePercent: 10, decisionWaitSeconds: 3 });
    const { code, verdict } = await stack.verify(["--sampling", "200"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    t.diagnostic(verdict.checks[3]?.detail ?? "no sampling check");
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true, true], verdict.checks.map((check) => check.detail).join("\n"));
    assert.equal(code, 0);
    assert.match(verdict.checks[3]?.detail ?? "", /x tail baseline 10% = 0\.1 inside/);
    // Read from the stack output jaegerMetricsUrl: no --jaeger-metrics was given.
    const collector = verdict.collector;
    assert.ok(collector !== undefined && typeof collector !== "string", `collector counters: ${JSON.stringify(collector)}`);
    t.diagnostic(`collector over verify's run: ${JSON.stringify(collector)}`);
    assert.ok(collector.receiverAccepted > 0 && collector.tracesDropped > 0, JSON.stringify(collector));
    assert.equal(collector.receiverRefused + collector.exporterFailed + collector.droppedTooEarly, 0, JSON.stringify(collector));
  });

  it("serves the collector's counters on 127.0.0.1 only", async () => {
    assert.equal((await docker(["port", jaegerContainer, "8888/tcp"])).trim(), `127.0.0.1:${ports(24000).jaegerMetricsPort}`);
    assert.equal((await stack.outputs()).jaegerMetricsUrl, `http://127.0.0.1:${ports(24000).jaegerMetricsPort}`);
  });
});
