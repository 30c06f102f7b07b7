import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootstrapRatio, pooledMedianRatio, seededRandom, type BlockPair } from "./blockBootstrap";

const noisyPairs = (count: number, factor: number, spread: number, seed: number): BlockPair[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, block) => {
    // Each block drifts as a whole, as a shared machine does.
    const drift = 1 + (random() - 0.5) * 0.2 + block * 0.001;
    const call = () => 2 * drift * (1 + (random() - 0.5) * spread);
    return { traced: Array.from({ length: 50 }, () => call() * factor), untraced: Array.from({ length: 50 }, call) };
  });
};

describe("the search-overhead ratio and its bootstrap interval", () => {
  it("is the ratio of the pooled medians", () => {
    assert.equal(pooledMedianRatio([{ traced: [3, 3, 30], untraced: [2, 2, 20] }]), 1.5);
  });

  it("covers the true factor and resolves 5% when the calls are steady", () => {
    const estimate = bootstrapRatio(noisyPairs(20, 1.1, 0.05, 1), { iterations: 2000, confidence: 0.95, resolution: 0.05, random: seededRandom(7) });
    assert.ok(estimate.low <= 1.1 && 1.1 <= estimate.high, `${estimate.low}..${estimate.high}`);
    assert.ok(estimate.resolves);
  });

  it("says it cannot resolve 5% when the calls are too noisy for the number of blocks", () => {
    const estimate = bootstrapRatio(noisyPairs(3, 1, 1.5, 2), { iterations: 2000, confidence: 0.95, resolution: 0.05, random: seededRandom(7) });
    assert.equal(estimate.resolves, false);
    assert.ok(estimate.high - estimate.low > 0.1);
  });

  it("refuses fewer than two block pairs", () => {
    assert.throws(() => bootstrapRatio([{ traced: [1], untraced: [1] }], { iterations: 10, confidence: 0.95, resolution: 0.05, random: seededRandom(1) }), /at least two/);
  });
});
