import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wilsonInterval } from "./wilsonInterval";

describe("wilsonInterval", () => {
  it("contains exactly 0 and 1 at the extremes", () => {
    assert.equal(wilsonInterval(0, 40).low, 0);
    assert.equal(wilsonInterval(40, 40).high, 1);
    assert.equal(wilsonInterval(10, 10).high, 1);
  });
  it("matches the textbook values for 48 of 100", () => {
    const { low, high } = wilsonInterval(48, 100);
    assert.ok(Math.abs(low - 0.3846) < 1e-3, String(low));
    assert.ok(Math.abs(high - 0.5767) < 1e-3, String(high));
  });
  it("tells 0.1 from 0.5 with 200 trials", () => {
    const { high } = wilsonInterval(20, 200);
    assert.ok(high < 0.5);
  });
  it("knows nothing without trials", () => {
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
  });
});
