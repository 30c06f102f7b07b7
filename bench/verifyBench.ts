// Must stay the first import: it patches @grpc/grpc-js before anything loads it.
import "../verify/instrumentation";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { JaegerQuery } from "../verify/jaegerQuery";
import type { Verdict } from "../verify/report";
import { startTelemetry, type Telemetry } from "../verify/telemetry";
import { ENDPOINTS, REPO, scratchDir, startJaeger, startMilvus, type RunningServer } from "../test/integration/harness";
import { bootstrapRatio, mean, median, seededRandom, type BlockPair, type RatioEstimate } from "./blockBootstrap";
import { percentile } from "./percentiles";
import { processCpuSeconds } from "./procStats";

/**
 * bench:verify, in one run on this machine (inside its own network namespace, see run.sh): the
 * time from a client's flush until Jaeger serves the span; then for each Milvus export delay
 * (traceBatchDelayMs) in turn, on one Milvus instance each:
 *  1. verify's wall time and where it goes (verify's own --json timings): its first run on a
 *     fresh Milvus, which makes and loads the collection verify keeps, then runs that find it;
 *  2. the search overhead of tracing, on the same instance and data: blocks of traced calls (a
 *     client span, Milvus records and exports its spans) alternate with blocks of untraced calls
 *     (no trace context; Milvus runs at sampleFraction 0 and records nothing), and the ratios
 *     of their means and of their medians get block-bootstrap 95% intervals;
 *  3. what the delay costs Milvus: its CPU time per call in traced and untraced blocks, and its
 *     CPU time while idle at sampleFraction 1 (the dev stack's), when Milvus traces its own
 *     background work and the exporter has something to send every batch.
 */
const DELAYS_MS = [500, 5000];
const VISIBILITY_SAMPLES = 40;
/** Runs after the first: the target is their median. */
const LATER_VERIFY_RUNS = 3;
const BLOCK_PAIRS = 10;
const BLOCK_CALLS = 20;
const WARMUP_CALLS = 40;
const IDLE_SETTLE_MS = 10_000;
const IDLE_WINDOW_MS = 30_000;
const DIMENSION = 32;
const run = promisify(execFile);
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const s = (value: number | undefined): string => (value === undefined ? "-" : `${(value / 1000).toFixed(2)} s`);

interface VerifyRun {
  wallMs: number;
  verdict: Verdict;
}

async function verifyRuns(): Promise<VerifyRun[]> {
  const runs: VerifyRun[] = [];
  for (let i = 0; i < 1 + LATER_VERIFY_RUNS; i += 1) {
    const started = performance.now();
    const endpoints = ["--milvus", ENDPOINTS.milvus, "--jaeger-query", ENDPOINTS.jaegerQuery, "--otlp", ENDPOINTS.otlp];
    const { stdout } = await run(join(REPO, "node_modules", ".bin", "tsx"), [join(REPO, "verify", "main.ts"), ...endpoints, "--json"], { cwd: REPO });
    const verdict = JSON.parse(stdout) as Verdict;
    if (verdict.status !== "pass") throw new Error(`verify did not pass: ${stdout}`);
    runs.push({ wallMs: performance.now() - started, verdict });
  }
  return runs;
}

function verifyLines(label: string, runs: readonly VerifyRun[]): string[] {
  const phase = (pick: (verdict: Verdict) => number | undefined): number | undefined => {
    const values = runs.map((r) => pick(r.verdict)).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : median(values);
  };
  const steps = runs[0]?.verdict.calls.map((call) => call.step) ?? [];
  const stepMedian = (step: string): number => median(runs.map((r) => r.verdict.calls.find((call) => call.step === step)?.ms ?? Number.NaN));
  const wallMedian = median(runs.map((r) => r.wallMs));
  const totalMedian = phase((v) => v.timings.totalMs) ?? 0;
  return [
    `  verify wall time, ${label}:  ${runs.map((r) => s(r.wallMs)).join(", ")}${runs.length > 1 ? `   median ${s(wallMedian)}   (target <= 5 s)` : ""}`,
    `    medians: start ${s(phase((v) => v.timings.startupMs))}, endpoints ${s(phase((v) => v.timings.targetMs))}, ` +
      `workload ${s(phase((v) => v.timings.workloadMs))}, trace complete ${s(phase((v) => v.timings.traceCompleteMs))} after flush, ` +
      `verdict at ${s(totalMedian)}, exit ${s(wallMedian - totalMedian)} later`,
    `    workload steps: ${steps.map((step) => `${step} ${stepMedian(step).toFixed(0)}`).join(", ")} ms`,
  ];
}

/** From the client's flush until Jaeger's query API returns the span, per sample. */
async function spanVisibility(): Promise<number[]> {
  const telemetry = startTelemetry({ serviceName: "milvus-bench", otlpEndpoint: ENDPOINTS.otlp, secure: false, caPem: undefined });
  const jaeger = new JaegerQuery(ENDPOINTS.jaegerQuery);
  const latencies: number[] = [];
  for (let i = 0; i < VISIBILITY_SAMPLES; i += 1) {
    const span = telemetry.tracer.startSpan("visibility probe");
    const traceId = span.spanContext().traceId;
    span.end();
    await telemetry.flush();
    const flushed = performance.now();
    for (let polls = 0; polls < 2000 && !(await jaeger.trace(traceId)); polls += 1) await sleep(5);
    latencies.push(performance.now() - flushed);
  }
  await telemetry.shutdown();
  return latencies;
}

/** Milvus's CPU time so far (user + system). */
const cpuMs = (pid: number): number => processCpuSeconds(pid) * 1000;

interface SearchBlocks {
  pairs: BlockPair[];
  cpuPerCallMs: { traced: number; untraced: number };
}

async function searchBlocks(milvusPid: number, telemetry: Telemetry): Promise<SearchBlocks> {
  const { connectMilvus } = await import("../verify/workload.js");
  const { ConsistencyLevelEnum, DataType } = await import("@zilliz/milvus2-sdk-node");
  const client = connectMilvus(ENDPOINTS.milvus, 30);
  const vector = (seed: number) => Array.from({ length: DIMENSION }, (_, d) => Math.sin(seed * 7 + d));
  const untraced = <T>(action: () => Promise<T>): Promise<T> => context.with(suppressTracing(context.active()), action);
  await untraced(async () => {
    await client.createCollection({ collection_name: "bench", fields: [{ name: "id", data_type: DataType.Int64, is_primary_key: true }, { name: "v", data_type: DataType.FloatVector, dim: DIMENSION }] });
    await client.insert({ collection_name: "bench", data: Array.from({ length: 2000 }, (_, id) => ({ id, v: vector(id) })) });
    await client.flush({ collection_names: ["bench"] });
    await client.createIndex({ collection_name: "bench", field_name: "v", index_type: "FLAT", metric_type: "L2", params: {} });
    await client.loadCollectionSync({ collection_name: "bench" });
  });
  let call = 0;
  const search = () => client.search({ collection_name: "bench", data: [vector(call++ % 2000)], limit: 10, consistency_level: ConsistencyLevelEnum.Eventually });
  const tracedSearch = () =>
    telemetry.tracer.startActiveSpan("bench search", (span) =>
      search().finally(() => {
        span.end();
      }),
    );
  const block = async (traced: boolean): Promise<{ latencies: number[]; cpuMs: number }> => {
    const latencies: number[] = [];
    const cpuBefore = cpuMs(milvusPid);
    for (let i = 0; i < BLOCK_CALLS; i += 1) {
      const started = performance.now();
      await (traced ? tracedSearch() : untraced(search));
      latencies.push(performance.now() - started);
    }
    return { latencies, cpuMs: cpuMs(milvusPid) - cpuBefore };
  };
  for (let i = 0; i < WARMUP_CALLS; i += 1) await (i % 2 === 0 ? tracedSearch() : untraced(search));

  const pairs: BlockPair[] = [];
  const cpu = { traced: 0, untraced: 0 };
  for (let pair = 0; pair < BLOCK_PAIRS; pair += 1) {
    // Alternate which side goes first, so that neither always follows the other's leftovers.
    const first = await block(pair % 2 === 0);
    const second = await block(pair % 2 !== 0);
    const [traced, plain] = pair % 2 === 0 ? [first, second] : [second, first];
    pairs.push({ traced: traced.latencies, untraced: plain.latencies });
    cpu.traced += traced.cpuMs;
    cpu.untraced += plain.cpuMs;
  }
  await untraced(() => client.dropCollection({ collection_name: "bench" }));
  await client.closeConnection();
  const calls = BLOCK_PAIRS * BLOCK_CALLS;
  return { pairs, cpuPerCallMs: { traced: cpu.traced / calls, untraced: cpu.untraced / calls } };
}

/** Milvus's CPU share while idle, on an instance of its own at sampleFraction 1. */
async function idleCpuShare(dir: string, delayMs: number): Promise<number> {
  const milvus = await startMilvus(join(dir, `milvus-idle-${delayMs}`), { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: delayMs });
  try {
    await sleep(IDLE_SETTLE_MS);
    const before = cpuMs(milvus.pid);
    await sleep(IDLE_WINDOW_MS);
    return (cpuMs(milvus.pid) - before) / IDLE_WINDOW_MS;
  } finally {
    await milvus.stop();
  }
}

function searchLines(blocks: SearchBlocks): string[] {
  const options = { iterations: 5000, confidence: 0.95, resolution: 0.05, random: seededRandom(9) };
  const describe = (label: string, estimate: RatioEstimate): string =>
    `  search ${label} traced / untraced: ${estimate.ratio.toFixed(3)}   95% CI ${estimate.low.toFixed(3)}-${estimate.high.toFixed(3)}; ` +
    (estimate.resolves ? "within ±5%" : "wider than ±5%: this run cannot resolve a 5% overhead");
  const traced = blocks.pairs.flatMap((pair) => pair.traced);
  const untraced = blocks.pairs.flatMap((pair) => pair.untraced);
  return [
    // The mean first: where latencies fall on ticks, the median jumps from one tick to the next.
    describe("mean", bootstrapRatio(blocks.pairs, { ...options, statistic: mean })),
    describe("p50 ", bootstrapRatio(blocks.pairs, { ...options, statistic: median })),
    `    (block bootstrap over ${blocks.pairs.length} pairs of ${BLOCK_CALLS}-call blocks) mean ${ms(mean(traced))} vs ${ms(mean(untraced))}, ` +
      `p50 ${ms(median(traced))} vs ${ms(median(untraced))}, p95 ${ms(percentile(traced, 95))} vs ${ms(percentile(untraced, 95))}`,
    `    Milvus CPU per search: traced ${ms(blocks.cpuPerCallMs.traced)}, untraced ${ms(blocks.cpuPerCallMs.untraced)}`,
  ];
}

async function main(): Promise<void> {
  const dir = scratchDir("bench");
  const jaeger = await startJaeger(dir);
  const visibility = await spanVisibility();
  const lines = [
    "bench:verify (one run, this machine: Milvus 2.3.5 from PyPI and Jaeger in a private network namespace, warm)",
    `span visible in Jaeger after the client's flush: p50 ${ms(median(visibility))}, p95 ${ms(percentile(visibility, 95))} over ${visibility.length}   (target p50 <= 1000 ms)`,
    `search overhead: one Milvus at sampleFraction 0, tracing switched per block (client span or no trace context)`,
  ];
  try {
    for (const delayMs of DELAYS_MS) {
      const milvus: RunningServer = await startMilvus(join(dir, `milvus-${delayMs}`), { sampleFraction: 0, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: delayMs });
      try {
        const verifies = await verifyRuns();
        const telemetry = startTelemetry({ serviceName: "milvus-bench", otlpEndpoint: ENDPOINTS.otlp, secure: false, caPem: undefined });
        const blocks = await searchBlocks(milvus.pid, telemetry);
        await telemetry.shutdown();
        lines.push(
          `traceBatchDelayMs ${delayMs}:`,
          ...verifyLines("first run (makes and loads the kept collection)", verifies.slice(0, 1)),
          ...verifyLines("later runs", verifies.slice(1)),
          ...searchLines(blocks),
        );
      } finally {
        await milvus.stop();
      }
      const idle = await idleCpuShare(dir, delayMs);
      lines.push(`    Milvus idle at sampleFraction 1 (tracing its own background work): ${(idle * 100).toFixed(1)}% of a core over ${IDLE_WINDOW_MS / 1000} s`);
      process.stderr.write(`[bench] traceBatchDelayMs ${delayMs} done\n`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await jaeger.stop();
  }
}

void main();
