import { percentile } from "./percentiles";

/** Latencies of one traced block and the untraced block run next to it, on the same instance. */
export interface BlockPair {
  traced: number[];
  untraced: number[];
}

/** A statistic of a sample of latencies: the mean, or a percentile. */
export type Statistic = (values: readonly number[]) => number;

export const mean: Statistic = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
export const median: Statistic = (values) => percentile(values, 50);

export interface RatioEstimate {
  /** The statistic of every traced call over the statistic of every untraced call. */
  ratio: number;
  low: number;
  high: number;
  confidence: number;
  /** Whether the interval is no wider than ±resolution around the ratio. */
  resolves: boolean;
  resolution: number;
}

export function pooledRatio(pairs: readonly BlockPair[], statistic: Statistic): number {
  return statistic(pairs.flatMap((pair) => pair.traced)) / statistic(pairs.flatMap((pair) => pair.untraced));
}

/** A small seeded generator, so that a benchmark's interval can be reproduced from its data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap over block pairs: pairs are drawn with replacement, so that what drifts
 * within a block (the machine's load, Milvus's background work) stays inside the resample rather
 * than being counted as independent noise call by call.
 */
export function bootstrapRatio(
  pairs: readonly BlockPair[],
  options: { statistic: Statistic; iterations: number; confidence: number; resolution: number; random: () => number },
): RatioEstimate {
  if (pairs.length < 2) throw new Error("the bootstrap needs at least two block pairs");
  const ratios: number[] = [];
  for (let i = 0; i < options.iterations; i += 1) {
    const resample = Array.from({ length: pairs.length }, () => pairs[Math.floor(options.random() * pairs.length)] as BlockPair);
    ratios.push(pooledRatio(resample, options.statistic));
  }
  const tail = ((1 - options.confidence) / 2) * 100;
  const ratio = pooledRatio(pairs, options.statistic);
  const low = percentile(ratios, tail);
  const high = percentile(ratios, 100 - tail);
  const resolves = high - ratio <= options.resolution * ratio && ratio - low <= options.resolution * ratio;
  return { ratio, low, high, confidence: options.confidence, resolves, resolution: options.resolution };
}
