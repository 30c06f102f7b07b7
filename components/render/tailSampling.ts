/**
 * Jaeger's trace pipeline between the OTLP receiver and storage: `batch` alone under head sampling
 * (Milvus decides), memory_limiter -> tail_sampling -> batch under tail sampling (the collector
 * decides once a trace's spans are in).
 */

/** verify's client service name: a policy keeps its traces, the way synthetic probes are kept. */
export const PROBE_SERVICE_NAME = "milvus-verify";

export interface TailSamplingPolicy {
  /** A trace with a span longer than this is kept. */
  latencyThresholdMs: number;
  /** A trace with a span whose status is ERROR is kept. */
  keepErrors: boolean;
  /** Share of the traces no other policy keeps, 0-100. */
  baselinePercent: number;
  /** How long after its first span a trace is judged. */
  decisionWaitSeconds: number;
}

/** Jaeger's container memory limit in bytes; undefined when it has none. */
export interface TracePipelineOptions {
  tail: TailSamplingPolicy | undefined;
  memoryLimitBytes: number | undefined;
}

export interface TracePipeline {
  processors: Record<string, unknown>;
  /** In pipeline order. */
  order: string[];
}

const MIB = 2 ** 20;
/**
 * Sizing from Jaeger's memory limit. memory_limiter's hard limit is 80% of it and its spike
 * allowance 20% of that (its own documented default), so Jaeger refuses spans (receiver refused
 * spans rise) before the kernel kills it. A quarter of the limit holds traces awaiting their
 * decision, at 64 KiB a trace: an estimate, not a measure, from verify's traced workload of 63
 * spans at about 1 KiB each in the collector's memory.
 */
const LIMITER_SHARE = 0.8;
const SPIKE_SHARE = 0.2;
const WAITING_TRACES_SHARE = 0.25;
const BYTES_PER_WAITING_TRACE = 64 * 1024;
/** Below this the buffer cannot hold one decision_wait of a modest load (100 traces/s for 10 s). */
const MIN_NUM_TRACES = 1000;
/** tail_sampling's own default, for a Jaeger with no memory limit. */
const UNLIMITED_NUM_TRACES = 50_000;

export function renderTracePipeline(options: TracePipelineOptions): TracePipeline {
  if (!options.tail) return { processors: { batch: {} }, order: ["batch"] };
  return {
    processors: {
      memory_limiter: memoryLimiter(options.memoryLimitBytes),
      tail_sampling: {
        decision_wait: `${options.tail.decisionWaitSeconds}s`,
        num_traces: numTraces(options.memoryLimitBytes),
        // Each trace's decision is the first policy that says sample; any one keeps it.
        policies: policies(options.tail),
      },
      batch: {},
    },
    order: ["memory_limiter", "tail_sampling", "batch"],
  };
}

export function numTraces(memoryLimitBytes: number | undefined): number {
  if (memoryLimitBytes === undefined) return UNLIMITED_NUM_TRACES;
  return Math.max(MIN_NUM_TRACES, Math.floor((memoryLimitBytes * WAITING_TRACES_SHARE) / BYTES_PER_WAITING_TRACE));
}

function memoryLimiter(memoryLimitBytes: number | undefined): Record<string, unknown> {
  // Without a container limit, the limiter's percentages apply to the machine's memory.
  if (memoryLimitBytes === undefined) return { check_interval: "1s", limit_percentage: LIMITER_SHARE * 100, spike_limit_percentage: SPIKE_SHARE * 100 };
  const limitMib = Math.floor((memoryLimitBytes * LIMITER_SHARE) / MIB);
  return { check_interval: "1s", limit_mib: limitMib, spike_limit_mib: Math.floor(limitMib * SPIKE_SHARE) };
}

function policies(tail: TailSamplingPolicy): Record<string, unknown>[] {
  return [
    // string_attribute also matches resource attributes, where service.name lives.
    { name: "probes", type: "string_attribute", string_attribute: { key: "service.name", values: [PROBE_SERVICE_NAME] } },
    { name: "slow", type: "latency", latency: { threshold_ms: tail.latencyThresholdMs } },
    ...(tail.keepErrors ? [{ name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } }] : []),
    { name: "baseline", type: "probabilistic", probabilistic: { sampling_percentage: tail.baselinePercent } },
  ];
}
