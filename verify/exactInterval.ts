/**
 * Confidence of the sampling check. A healthy stack may fail it in at most one run in a thousand,
 * so the interval is two-sided at 99.9% and exact (Clopper-Pearson): its coverage is at least
 * 99.9% for every true fraction and call count, where Wilson's dips below nominal for some.
 */
export const SAMPLING_CONFIDENCE = 0.999;

/** Clopper-Pearson interval for `successes` of `trials` at `confidence`, two-sided. */
export function exactInterval(successes: number, trials: number, confidence = SAMPLING_CONFIDENCE): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const tail = (1 - confidence) / 2;
  // P(X >= k) grows with p: the low bound is where it reaches the tail. P(X <= k) falls with p.
  const low = successes === 0 ? 0 : bisect((p) => 1 - binomialCdf(successes - 1, trials, p) - tail);
  const high = successes === trials ? 1 : bisect((p) => tail - binomialCdf(successes, trials, p));
  return { low, high };
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so that large n does not underflow. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  return Math.min(1, logTerms(n, p, 0, k).reduce((sum, logTerm) => sum + Math.exp(logTerm), 0));
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logTerms(n, p, k, k)[0] ?? Number.NEGATIVE_INFINITY);
}

/** log P(X = i) for i in [from, to], by the ratio of neighbouring terms. */
function logTerms(n: number, p: number, from: number, to: number): number[] {
  const logRatio = Math.log(p) - Math.log1p(-p);
  const terms: number[] = [];
  let logTerm = n * Math.log1p(-p);
  for (let i = 0; i <= to; i += 1) {
    if (i >= from) terms.push(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + logRatio;
  }
  return terms;
}

/** The root in (0, 1) of an increasing function, to 1e-12. */
function bisect(increasing: (p: number) => number): number {
  let low = 0;
  let high = 1;
  while (high - low > 1e-12) {
    const middle = (low + high) / 2;
    if (increasing(middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
