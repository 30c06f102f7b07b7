import type { BlockPair } from "./blockBootstrap";

/**
 * An open-loop load: calls are due at fixed times whatever the server answers, so a slow answer
 * never holds the next call back (a closed loop would slow down exactly when the server does, and
 * hide it). Time is cut into blocks that alternate between calls with trace context and calls
 * without, pair by pair, with the order flipped every other pair so that neither side always
 * follows the other's leftovers.
 */
export interface LoadPlan {
  callsPerSecond: number;
  durationMs: number;
  /** Length of one block; the duration is cut down to whole pairs of blocks. */
  blockMs: number;
  /** A hard cap on the calls, whatever the rate and duration say. */
  maxCalls: number;
  /** false: every call is traced (one block), as when counting lost spans. */
  alternate: boolean;
}

export interface ScheduledCall {
  /** When the call is due, from the start of the load. */
  atMs: number;
  block: number;
  traced: boolean;
}

/** Whether a block is traced: traced first in even pairs, untraced first in odd ones. */
export function blockTraced(block: number): boolean {
  const pair = Math.floor(block / 2);
  const first = block % 2 === 0;
  return pair % 2 === 0 ? first : !first;
}

export function openLoopSchedule(plan: LoadPlan): ScheduledCall[] {
  if (!(plan.callsPerSecond > 0) || !(plan.durationMs > 0) || !(plan.blockMs > 0)) throw new Error(`a load needs a rate, a duration and a block length: ${JSON.stringify(plan)}`);
  const pairMs = 2 * plan.blockMs;
  const durationMs = plan.alternate ? Math.floor(plan.durationMs / pairMs) * pairMs : plan.durationMs;
  if (durationMs === 0) throw new Error(`a duration of ${plan.durationMs} ms holds no pair of ${plan.blockMs} ms blocks`);
  const intervalMs = 1000 / plan.callsPerSecond;
  const count = Math.min(plan.maxCalls, Math.ceil(durationMs / intervalMs - 1e-9));
  return Array.from({ length: count }, (_, i) => {
    const atMs = i * intervalMs;
    const block = plan.alternate ? Math.floor(atMs / plan.blockMs) : 0;
    return { atMs, block, traced: plan.alternate ? blockTraced(block) : true };
  });
}

export interface CallResult {
  block: number;
  traced: boolean;
  /** Undefined when the call failed. */
  latencyMs: number | undefined;
}

/**
 * Each traced block with the untraced block of its pair, for the block bootstrap; failed calls
 * have no latency and are left out (the benchmark counts them apart). A pair with an empty side is
 * left out whole.
 */
export function blockPairs(results: readonly CallResult[]): BlockPair[] {
  const pairs = new Map<number, BlockPair>();
  for (const result of results) {
    if (result.latencyMs === undefined) continue;
    const index = Math.floor(result.block / 2);
    const pair = pairs.get(index) ?? { traced: [], untraced: [] };
    (result.traced ? pair.traced : pair.untraced).push(result.latencyMs);
    pairs.set(index, pair);
  }
  return [...pairs.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, pair]) => pair)
    .filter((pair) => pair.traced.length > 0 && pair.untraced.length > 0);
}
