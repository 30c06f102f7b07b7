import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootstrapRatio, mean, median, pooledRatio, seededRandom, type BlockPair } from "./blockBootstrap";

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
  it("is the ratio of a statistic of the pooled calls: their median or their mean", () => {
    assert.equal(pooledRatio([{ traced: [3, 3, 30], untraced: [2, 2, 20] }], median), 1.5);
    assert.ok(Math.abs(pooledRatio([{ traced: [3, 3, 30], untraced: [2, 2, 20] }], mean) - 1.5) < 1e-12);
    assert.ok(Math.abs(pooledRatio([{ traced: [200, 400, 400], untraced: [200, 200, 400] }], mean) - 1.25) < 1e-12);
  });

  it("covers the true factor and resolves 5% when the calls are steady", () => {
    const estimate = bootstrapRatio(noisyPairs(20, 1.1, 0.05, 1), { statistic: median, iterations: 2000, confidence: 0.95, resolution: 0.05, random: seededRandom(7) });
    assert.ok(estimate.low <= 1.1 && 1.1 <= estimate.high, `${estimate.low}..${estimate.high}`);
    assert.ok(estimate.resolves);
  });

  it("gives a steady mean ratio where latencies fall on ticks and the median jumps between them", () => {
    const ticks = seededRandom(3);
    const pairs = Array.from({ length: 10 }, () => ({
      traced: Array.from({ length: 20 }, () => (ticks() < 0.5 ? 200 : 400)),
      untraced: Array.from({ length: 20 }, () => (ticks() < 0.5 ? 200 : 400)),
    }));
    const options = { iterations: 2000, confidence: 0.95, resolution: 0.05, random: seededRandom(7) };
    const byMean = bootstrapRatio(pairs, { ...options, statistic: mean });
    const byMedian = bootstrapRatio(pairs, { ...options, statistic: median });
    assert.ok(byMean.high - byMean.low < byMedian.high - byMedian.low, `mean ${byMean.low}..${byMean.high}, median ${byMedian.low}..${byMedian.high}`);
  });

  it("says it cannot resolve 5% when the calls are too noisy for the number of blocks", () => {
    const estimate = bootstrapRatio(noisyPairs(3, 1, 1.5, 2), { statistic: median, iterations: 2000, confidence: 0.95, resolution: 0.05, random: seededRandom(7) });
    assert.equal(estimate.resolves, false);
    assert.ok(estimate.high - estimate.low > 0.1);
  });

  it("refuses fewer than two block pairs", () => {
    assert.throws(() => bootstrapRatio([{ traced: [1], untraced: [1] }], { statistic: mean, iterations: 10, confidence: 0.95, resolution: 0.05, random: seededRandom(1) }), /at least two/);
  });
});
