import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blockPairs, blockTraced, openLoopSchedule, type LoadPlan } from "./loadSchedule";

const plan: LoadPlan = { callsPerSecond: 10, durationMs: 4000, blockMs: 1000, maxCalls: 10_000, alternate: true };

describe("openLoopSchedule", () => {
  it("spaces calls evenly at the rate, due whatever came before", () => {
    const calls = openLoopSchedule(plan);
    assert.equal(calls.length, 40);
    assert.deepEqual(
      calls.slice(0, 3).map((call) => call.atMs),
      [0, 100, 200],
    );
    assert.ok(Math.abs((calls.at(-1)?.atMs ?? 0) - 3900) < 1e-6);
  });

  it("alternates traced and untraced blocks, flipping the order every other pair", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(blockTraced), [true, false, false, true, true, false]);
    const calls = openLoopSchedule(plan);
    assert.deepEqual(
      [0, 1, 2, 3].map((block) => calls.filter((call) => call.block === block).length),
      [10, 10, 10, 10],
    );
    assert.equal(calls.filter((call) => call.traced).length, 20);
  });

  it("cuts the duration to whole pairs of blocks, and stops at the cap", () => {
    assert.equal(openLoopSchedule({ ...plan, durationMs: 5500 }).length, 40);
    assert.equal(openLoopSchedule({ ...plan, maxCalls: 7 }).length, 7);
    assert.throws(() => openLoopSchedule({ ...plan, durationMs: 1500 }), /no pair/);
  });

  it("traces every call when it does not alternate", () => {
    const calls = openLoopSchedule({ ...plan, callsPerSecond: 50, durationMs: 1500, alternate: false });
    assert.equal(calls.length, 75);
    assert.ok(calls.every((call) => call.traced && call.block === 0));
  });

  it("keeps fractional intervals exact over a long run", () => {
    const calls = openLoopSchedule({ ...plan, callsPerSecond: 3, durationMs: 60_000, blockMs: 10_000 });
    assert.equal(calls.length, 180);
  });
});

describe("blockPairs", () => {
  it("pairs each traced block with its untraced neighbour and leaves out failed calls", () => {
    const pairs = blockPairs([
      { block: 0, traced: true, latencyMs: 1 },
      { block: 1, traced: false, latencyMs: 2 },
      { block: 1, traced: false, latencyMs: undefined },
      { block: 3, traced: true, latencyMs: 4 },
      { block: 2, traced: false, latencyMs: 3 },
      { block: 4, traced: true, latencyMs: 5 },
    ]);
    assert.deepEqual(pairs, [
      { traced: [1], untraced: [2] },
      { traced: [4], untraced: [3] },
    ]);
  });
});
