/** Microseconds in each unit verify's duration options take: Go's units, as Jaeger's API reads them, and days. */
const MICROS_PER_UNIT: Readonly<Record<string, number>> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000, d: 86_400_000_000 };

/** What one duration option accepts; `range` says its bounds the way a person writes them. */
export interface DurationRule {
  units: readonly string[];
  minUs: number;
  maxUs: number;
  range: string;
  example: string;
}

/** `--min-duration`: as short as Jaeger records, and no trace of a Milvus call lasts a day. */
export const MIN_DURATION_RULE: DurationRule = { units: ["us", "ms", "s", "m", "h"], minUs: 1, maxUs: 24 * 3_600_000_000, range: "from 1us to 24h", example: "200ms or 1.5s" };

/** `--since`: Jaeger's Badger storage keeps traces 72 h by default here; a month bounds the scan. */
export const SINCE_RULE: DurationRule = { units: ["s", "m", "h", "d"], minUs: 1_000_000, maxUs: 30 * 86_400_000_000, range: "from 1s to 30d", example: "15m or 1h" };

/**
 * "200ms", "1.5s", "15m" as microseconds; undefined for anything else: no unit, a unit the rule
 * does not take, a sign, spaces, or a value outside the rule's bounds.
 */
export function parseDuration(text: string, rule: DurationRule): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([a-zµ]+)$/.exec(text);
  // Go writes microseconds "µs" and reads both spellings.
  const unit = match?.[2]?.replace("µs", "us");
  if (match === null || unit === undefined || !rule.units.includes(unit)) return undefined;
  const micros = Number(match[1]) * (MICROS_PER_UNIT[unit] ?? Number.NaN);
  return Number.isFinite(micros) && micros >= rule.minUs && micros <= rule.maxUs ? micros : undefined;
}

/** What a refused value should have looked like, for the usage error. */
export function durationExpectation(rule: DurationRule): string {
  return `a duration with a unit (${rule.units.join(", ")}), e.g. ${rule.example}, ${rule.range}`;
}

/** Microseconds as Go's time.ParseDuration reads them, for Jaeger's minDuration parameter. */
export function goDuration(micros: number): string {
  return `${Math.round(micros)}us`;
}
