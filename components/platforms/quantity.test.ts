import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toCpus, toMebibytes } from "./quantity";

describe("quantities for Docker", () => {
  it("converts memory quantities to mebibytes, rounding up", () => {
    assert.equal(toMebibytes("512Mi"), 512);
    assert.equal(toMebibytes("8Gi"), 8192);
    assert.equal(toMebibytes("1G"), 954);
    assert.equal(toMebibytes("1.5Gi"), 1536);
    assert.equal(toMebibytes("100"), 1);
  });
  it("converts CPU quantities to decimal cores", () => {
    assert.equal(toCpus("500m"), "0.5");
    assert.equal(toCpus("2"), "2");
    assert.equal(toCpus("1.5"), "1.5");
  });
  it("refuses what it cannot convert", () => {
    assert.throws(() => toMebibytes("lots"), /Not a memory quantity: lots/);
    assert.throws(() => toCpus("2Gi"), /Not a CPU quantity: 2Gi/);
  });
});
