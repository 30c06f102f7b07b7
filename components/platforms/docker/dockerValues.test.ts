import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toDockerCpus, toGoDuration, toMebibytes } from "./dockerValues";

describe("values as the Docker provider reads them back", () => {
  it("writes CPUs like the engine's NanoCPUs, whole numbers with .0", () => {
    assert.equal(toDockerCpus("2"), "2.0");
    assert.equal(toDockerCpus("500m"), "0.5");
    assert.equal(toDockerCpus("1.25"), "1.25");
    assert.equal(toDockerCpus("1000m"), "1.0");
    assert.throws(() => toDockerCpus("2Gi"), /Not a CPU quantity: 2Gi/);
  });
  it("converts memory quantities to mebibytes, rounding up", () => {
    assert.equal(toMebibytes("512Mi"), 512);
    assert.equal(toMebibytes("8Gi"), 8192);
    assert.equal(toMebibytes("1G"), 954);
    assert.equal(toMebibytes("1.5Gi"), 1536);
    assert.equal(toMebibytes("100"), 1);
    assert.throws(() => toMebibytes("lots"), /Not a memory quantity: lots/);
  });
  it("writes durations like Go's time.Duration", () => {
    assert.equal(toGoDuration(5), "5s");
    assert.equal(toGoDuration(0), "0s");
    assert.equal(toGoDuration(120), "2m0s");
    assert.equal(toGoDuration(90), "1m30s");
    assert.equal(toGoDuration(3630), "1h0m30s");
    assert.throws(() => toGoDuration(1.5), /Not a whole number of seconds/);
  });
});
