import type { TailSamplingPolicy } from "../render/tailSampling";
import { parseBoolean, parseChoice, parseInteger, parseNumber, type Parsed } from "./parsers";

export const SAMPLING_MODES = ["head", "tail"] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

export interface SamplingSettings {
  mode: SamplingMode;
  /** Milvus's sampleFraction: the stack's, or 1 when it sets none. */
  sampleFraction: number;
  /** tail: how Jaeger's collector decides; undefined under head. */
  tail: TailSamplingPolicy | undefined;
}

type Read = <T>(key: string, parse: (value: unknown) => Parsed<T>, fallback: T) => T;

/**
 * The sampling settings and their combination. Under `tail` Milvus records every trace unless the
 * stack also sets a head rate (then both apply, one after the other); a combination under which
 * the collector would judge traces without what Milvus records is refused, with the reason.
 */
export function readSampling(raw: Readonly<Partial<Record<string, unknown>>>, read: Read, problems: string[], batchDelayMs: number): SamplingSettings {
  const mode = read("samplingMode", (v) => parseChoice(v, SAMPLING_MODES), "head");
  const headRateSet = raw.sampleFraction !== undefined && raw.sampleFraction !== "";
  const sampleFraction = headRateSet ? read("sampleFraction", (v) => parseNumber(v, 0, 1), 0) : 1;
  const tail: TailSamplingPolicy = {
    latencyThresholdMs: read("tailLatencyMs", (v) => parseInteger(v, 1, 600_000), 0),
    keepErrors: read("tailKeepErrors", parseBoolean, true),
    baselinePercent: read("tailBaselinePercent", (v) => parseNumber(v, 0, 100), 0),
    decisionWaitSeconds: read("tailDecisionWaitSeconds", (v) => parseInteger(v, 1, 300), 0),
  };
  if (mode === "head") return { mode, sampleFraction, tail: undefined };

  if (headRateSet && sampleFraction === 0) {
    problems.push(
      "sampleFraction = 0 is not allowed with samplingMode tail: expected a fraction above 0, or none (then 1). " +
        "Milvus would record no trace that arrives without a sampled parent, and the collector would have none of them to judge",
    );
  }
  // Milvus's Go exporter holds finished spans for traceBatchDelayMs: a decision made before they
  // arrive judges a trace without Milvus's spans (a second for the export itself).
  if (tail.decisionWaitSeconds > 0 && batchDelayMs > 0 && tail.decisionWaitSeconds * 1000 < batchDelayMs + 1000) {
    problems.push(
      `tailDecisionWaitSeconds = ${tail.decisionWaitSeconds} is not allowed with traceBatchDelayMs = ${batchDelayMs}: expected at least ${Math.ceil((batchDelayMs + 1000) / 1000)}. ` +
        "Milvus holds its spans that long before sending them, so the collector would decide before they arrive",
    );
  }
  return { mode, sampleFraction, tail };
}
