import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { binomialCdf, binomialPmf, exactInterval, SAMPLING_CONFIDENCE } from "./exactInterval";
import { SUGGESTED_SAMPLING_CALLS } from "./options";

/** Probability over every outcome of `calls` Bernoulli(p) calls that the interval leaves `fraction` out. */
const intervals = new Map<number, { low: number; high: number }[]>();
function rejection(calls: number, p: number, fraction: number): number {
  const byOutcome = intervals.get(calls) ?? Array.from({ length: calls + 1 }, (_, k) => exactInterval(k, calls));
  intervals.set(calls, byOutcome);
  let probability = 0;
  for (let k = 0; k <= calls; k += 1) {
    const { low, high } = byOutcome[k] ?? { low: 0, high: 1 };
    if (fraction < low || fraction > high) probability += binomialPmf(k, calls, p);
  }
  return probability;
}

describe("exactInterval (Clopper-Pearson, 99.9%)", () => {
  it("is 99.9% two-sided", () => {
    assert.equal(SAMPLING_CONFIDENCE, 0.999);
  });

  it("contains exactly 0 and 1 at the extremes, with the closed-form bounds there", () => {
    assert.equal(exactInterval(0, 40).low, 0);
    assert.equal(exactInterval(40, 40).high, 1);
    // For 0 of n the upper bound is 1 - (tail)^(1/n).
    assert.ok(Math.abs(exactInterval(0, 30).high - (1 - 0.0005 ** (1 / 30))) < 1e-9);
    assert.ok(Math.abs(exactInterval(30, 30).low - 0.0005 ** (1 / 30)) < 1e-9);
  });

  it("matches a reference value: 48 of 100 at 99.9% is [0.3172, 0.6458]", () => {
    // Reference: the beta quantiles B(0.0005; 48, 53) and B(0.9995; 49, 52), as scipy.stats.beta.ppf computes them.
    const { low, high } = exactInterval(48, 100);
    assert.ok(Math.abs(low - 0.317223) < 1e-5, String(low));
    assert.ok(Math.abs(high - 0.645811) < 1e-5, String(high));
  });

  it("sums the binomial without underflow at 100000 calls", () => {
    assert.ok(Math.abs(binomialCdf(50_000, 100_000, 0.5) - 0.501262) < 1e-5);
    const { low, high } = exactInterval(10_000, 100_000);
    assert.ok(low < 0.1 && high > 0.1 && high - low < 0.007);
  });

  it("fails a healthy stack in at most one run in a thousand, at every fraction and call count tried", () => {
    for (const calls of [10, 30, SUGGESTED_SAMPLING_CALLS]) {
      for (const p of [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
        const falseFailures = rejection(calls, p, p);
        assert.ok(falseFailures <= 0.001, `${calls} calls at ${p}: ${falseFailures}`);
      }
    }
  });

  it(`still tells 0.1 from 0.5 at the suggested ${SUGGESTED_SAMPLING_CALLS} calls, either way round, nearly always`, () => {
    // A stack at 0.5 checked against 0.1, and one at 0.1 checked against 0.5: caught in all but
    // a vanishing share of runs.
    assert.ok(rejection(SUGGESTED_SAMPLING_CALLS, 0.5, 0.1) > 0.999999);
    assert.ok(rejection(SUGGESTED_SAMPLING_CALLS, 0.1, 0.5) > 0.999999);
    // Where it would give out: 0.1 against 0.2 is caught in about 78% of runs at this count.
    const nearby = rejection(SUGGESTED_SAMPLING_CALLS, 0.2, 0.1);
    assert.ok(Math.abs(nearby - 0.785) < 0.01, String(nearby));
  });

  it("knows nothing without trials", () => {
    assert.deepEqual(exactInterval(0, 0), { low: 0, high: 1 });
  });
});
