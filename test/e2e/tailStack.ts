import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import type { CollectorCounters } from "../../verify/collectorCounters";
import type { ThrowawayStack } from "./pulumiStack";

/** The tail-sampling settings both e2e tiers deploy: a 10% baseline decided 3 s after a trace's first span. */
export const TAIL_SETTINGS = { samplingMode: "tail", tailBaselinePercent: 10, tailDecisionWaitSeconds: 3, traceBatchDelayMs: 500, jaegerStorage: "memory" } as const;

/** Deploys a TAIL_SETTINGS stack and checks what its outputs tell verify; `deployed` runs between the up and verify. */
export async function upTailStack(stack: ThrowawayStack, deployed: () => Promise<void> = () => Promise.resolve()): Promise<void> {
  const up = await stack.up();
  assert.equal(up.code, 0, up.output);
  const outputs = await stack.outputs();
  assert.equal(outputs.sampleFraction, 1, "Milvus records every trace for the collector to judge");
  assert.deepEqual(outputs.tailSampling, { baselinePercent: 10, decisionWaitSeconds: 3 });
  await deployed();
}

/**
 * `verify --sampling 200` on a TAIL_SETTINGS stack: every check passes, the untraced calls' baseline
 * inside its interval, and the collector, read from the stack's jaegerMetricsUrl, took spans, dropped
 * traces by policy, and lost none.
 */
export async function verifyTailStack(stack: ThrowawayStack, t: TestContext): Promise<CollectorCounters> {
  const { code, verdict } = await stack.verify(["--sampling", "200"]);
  assert.ok(verdict, "verify printed a JSON verdict");
  t.diagnostic(verdict.checks[3]?.detail ?? "no sampling check");
  assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true, true], verdict.checks.map((check) => check.detail).join("\n"));
  assert.equal(code, 0);
  assert.match(verdict.checks[3]?.detail ?? "", /x tail baseline 10% = 0\.1 inside/);
  const collector = verdict.collector;
  assert.ok(collector !== undefined && typeof collector !== "string", `collector counters: ${JSON.stringify(collector)}`);
  t.diagnostic(`collector over verify's run: ${JSON.stringify(collector)}`);
  assert.ok(collector.receiverAccepted > 0 && collector.tracesDropped > 0, JSON.stringify(collector));
  assert.equal(collector.receiverRefused + collector.exporterFailed + collector.droppedTooEarly, 0, JSON.stringify(collector));
  return collector;
}
