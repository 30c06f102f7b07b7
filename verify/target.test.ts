import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOptions, UsageError, type VerifyOptions } from "./options";
import { requireSampleFractionForSampling, resolveTarget } from "./target";

const options = (argv: string[]): VerifyOptions => {
  const parsed = parseOptions(argv, {});
  assert.ok(parsed !== "help");
  return parsed;
};
const endpoints = ["--milvus", "127.0.0.1:1", "--jaeger-query", "http://127.0.0.1:2", "--otlp", "127.0.0.1:3"];

describe("resolveTarget from the command line", () => {
  it("refuses a --ca-file it cannot read as a usage error naming the file", async () => {
    await assert.rejects(resolveTarget(options([...endpoints, "--secure", "--ca-file", "/nonexistent/ca.pem"])), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, '--ca-file = "/nonexistent/ca.pem" cannot be read (ENOENT): expected a readable PEM file with the CA certificate');
      return true;
    });
  });
});

describe("requireSampleFractionForSampling", () => {
  it("refuses --sampling before any call when no sampleFraction is known", () => {
    assert.throws(
      () => { requireSampleFractionForSampling(200, { sampleFraction: undefined, source: "command line" }); },
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === "--sampling 200 needs Milvus's sampleFraction, and command line does not give it: expected --sample-fraction F (or VERIFY_SAMPLE_FRACTION), from 0 to 1",
    );
  });
  it("lets it through with a fraction from the stack or the command line, and without --sampling", () => {
    assert.doesNotThrow(() => { requireSampleFractionForSampling(200, { sampleFraction: 0, source: "stack dev" }); });
    assert.doesNotThrow(() => { requireSampleFractionForSampling(0, { sampleFraction: undefined, source: "stack dev" }); });
  });
});
