import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateSettings } from "./validateSettings";
import { settingsProblems as problemsOf } from "../testing/settingsProblems";

describe("sampling settings", () => {
  it("keep head sampling by default: Milvus records every trace, the collector keeps all", () => {
    const settings = validateSettings({});
    assert.deepEqual(settings.sampling, { mode: "head", sampleFraction: 1, tail: undefined });
    assert.equal(settings.tracing.sampleFraction, 1);
  });

  it("under tail, Milvus records every trace unless the stack also sets a head rate", () => {
    const tail = validateSettings({ samplingMode: "tail" });
    assert.equal(tail.tracing.sampleFraction, 1);
    assert.deepEqual(tail.sampling.tail, { latencyThresholdMs: 1000, keepErrors: true, baselinePercent: 10, decisionWaitSeconds: 10 });
    const both = validateSettings({ samplingMode: "tail", sampleFraction: "0.5" });
    assert.equal(both.tracing.sampleFraction, 0.5);
  });

  it("reads each tail setting", () => {
    const settings = validateSettings({ samplingMode: "tail", tailLatencyMs: 250, tailKeepErrors: "false", tailBaselinePercent: "2.5", tailDecisionWaitSeconds: 20 });
    assert.deepEqual(settings.sampling.tail, { latencyThresholdMs: 250, keepErrors: false, baselinePercent: 2.5, decisionWaitSeconds: 20 });
  });

  it("lists every bad sampling value at once, naming the setting and what is allowed", () => {
    const problems = problemsOf({ samplingMode: "sometimes", tailLatencyMs: 0, tailKeepErrors: "yes", tailBaselinePercent: "101", tailDecisionWaitSeconds: 1.5 });
    assert.deepEqual(problems, [
      'samplingMode = "sometimes" is not allowed: expected one of head | tail',
      "tailLatencyMs = 0 is not allowed: expected a whole number from 1 to 600000",
      'tailKeepErrors = "yes" is not allowed: expected true or false',
      'tailBaselinePercent = "101" is not allowed: expected a number from 0 to 100',
      "tailDecisionWaitSeconds = 1.5 is not allowed: expected a whole number from 1 to 300",
    ]);
  });

  it("refuses tail with a head rate of 0, saying why", () => {
    const [problem] = problemsOf({ samplingMode: "tail", sampleFraction: 0 });
    assert.match(problem ?? "", /^sampleFraction = 0 is not allowed with samplingMode tail: expected a fraction above 0, or none \(then 1\)\. Milvus would record no trace/);
  });

  it("allows a head rate of 0 under head sampling", () => {
    assert.equal(validateSettings({ sampleFraction: 0 }).tracing.sampleFraction, 0);
  });

  it("refuses a decision made before Milvus's exporter sends its spans", () => {
    const [problem] = problemsOf({ samplingMode: "tail", tailDecisionWaitSeconds: 5, traceBatchDelayMs: 5000 });
    assert.equal(
      problem,
      "tailDecisionWaitSeconds = 5 is not allowed with traceBatchDelayMs = 5000: expected at least 6. Milvus holds its spans that long before sending them, so the collector would decide before they arrive",
    );
    assert.equal(validateSettings({ samplingMode: "tail", tailDecisionWaitSeconds: 2, traceBatchDelayMs: 500 }).sampling.tail?.decisionWaitSeconds, 2);
  });
});
