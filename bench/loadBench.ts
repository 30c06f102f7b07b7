import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import type { JaegerStorage } from "../components/render/jaegerConfig";
import { PROBE_SERVICE_NAME, renderTracePipeline, type TracePipeline } from "../components/render/tailSampling";
import { memoryBytes as quantityBytes } from "../components/settings/quantities";
import type { TracingSettings } from "../components/settings/settings";
import { validateSettings } from "../components/settings/validateSettings";
import { countersSince, readCollectorCounters, type CollectorCounters } from "../verify/collectorCounters";
import { JaegerQuery } from "../verify/jaegerQuery";
import { serviceOf } from "../verify/jaegerTrace";
import { alive, ENDPOINTS, REPO, scratchDir, startJaeger, startMilvus, type RunningServer } from "../test/integration/harness";
import { bootstrapRatio, seededRandom, type Statistic } from "./blockBootstrap";
import { STARTED, type LoadClientRequest, type LoadClientResult } from "./loadClient";
import { LOAD_USAGE, MODES, parseLoadOptions, type LoadOptions, type Mode } from "./loadOptions";
import { cleanRateLines, faultLines, latencyTable, resourceTable, spanTable, type FaultRun, type RateRun } from "./loadReport";
import { blockPairs } from "./loadSchedule";
import { percentile } from "./percentiles";
import { processCpuSeconds, processMemoryBytes } from "./procStats";
import { accountSpans, completeShareOverTime, faultLoss, type StoredSpans } from "./spanAccounting";

/**
 * bench:load, in one run on this machine (inside its own network namespace, see run.sh): one Milvus
 * 2.3.5 and the real Jaeger 2.13, each mode's Jaeger rendered as the program renders it for a stack
 * with default settings (Badger storage; under tail, memory_limiter -> tail_sampling -> batch sized
 * for its default 1Gi limit), searches at fixed open-loop rates. Blocks of calls with trace context
 * alternate with blocks without it on the same instance; Milvus runs at sampleFraction 1 in both
 * modes (the program's default), so it records its own trace of an untraced call too: the ratio is
 * what the client's span and the propagated context cost, while Jaeger's work, the same for both
 * sides, shows across modes and rates. Then a fault round per mode: Jaeger killed and restarted
 * in the middle of a run, and every call's trace looked up afterwards.
 */
const COLLECTION = "load_bench";
const DIMENSION = 8;
const ROWS = 3000;
const WARMUP_CALLS = 20;
/** Milvus's C++ (segcore) exporter sends every 5 s whatever traceBatchDelayMs says. */
const SEGCORE_BATCH_MS = 5000;
/** After the last span should have reached storage, for Jaeger's own batch and the counters. */
const SETTLE_MARGIN_MS = 2000;
/** Milvus's Go exporter retries a failed batch with backoff: time for it after a restart. */
const FAULT_EXTRA_SETTLE_MS = 5000;
const IDLE_WINDOW_MS = 10_000;
/** Past tail's decision wait, so that some traces were decided before the kill. */
const FAULT_KILL_AFTER_MS = 12_000;
const FAULT_AFTER_RESTART_MS = 12_000;
const FAULT_BUCKET_SECONDS = 2;
/** The client's root span and the gRPC instrumentation's span: two per traced call. */
const CLIENT_SPANS_PER_CALL = 2;
const CLIENT_SERVICE = "milvus-load-bench";
const LOOKUP_CONCURRENCY = 8;

const log = (line: string): void => {
  process.stderr.write(`[bench:load] ${line}\n`);
};

interface ModeSetup {
  mode: Mode;
  pipeline: TracePipeline;
  /** How long after a run its last spans are stored: Milvus's export delay, tail's decision wait, a margin. */
  settleMs: number;
  describe: string;
}

function modeSetups(): { tracing: TracingSettings; storageRetention: string; setups: ModeSetup[] } {
  const head = validateSettings({});
  const tail = validateSettings({ samplingMode: "tail" });
  if (JSON.stringify(head.tracing) !== JSON.stringify(tail.tracing)) throw new Error("head and tail stacks render Milvus's tracing differently: one Milvus cannot serve both");
  const policy = tail.sampling.tail;
  if (!policy) throw new Error("a tail stack without a tail policy");
  const jaegerLimit = tail.resources.jaeger?.memoryLimit ?? "";
  const exportMs = Math.max(head.tracing.batchDelayMs, SEGCORE_BATCH_MS);
  return {
    tracing: tail.tracing,
    storageRetention: tail.jaegerStorage.retention,
    setups: [
      { mode: "head", pipeline: renderTracePipeline({ tail: undefined, memoryLimitBytes: undefined }), settleMs: exportMs + SETTLE_MARGIN_MS, describe: "batch" },
      {
        mode: "tail",
        pipeline: renderTracePipeline({ tail: policy, memoryLimitBytes: jaegerLimit === "" ? undefined : quantityBytes(jaegerLimit) }),
        settleMs: exportMs + policy.decisionWaitSeconds * 1000 + SETTLE_MARGIN_MS,
        describe:
          `memory_limiter -> tail_sampling -> batch for jaegerMemoryLimit ${jaegerLimit || "none"} ` +
          `(slow >= ${policy.latencyThresholdMs} ms, errors, baseline ${policy.baselinePercent}%, decision wait ${policy.decisionWaitSeconds} s)`,
      },
    ],
  };
}

/** Runs loadClient.ts in a process of its own; `onStarted` when its schedule begins. */
function runClient(rawDir: string, request: LoadClientRequest, onStarted: () => void = () => undefined): Promise<LoadClientResult> {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "bench", "loadClient.ts"), JSON.stringify(request)], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  let last = "";
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === STARTED) onStarted();
    else last = line;
  });
  const capMs = request.plan.durationMs + request.drainMs + 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, capMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      try {
        if (code !== 0) throw new Error(`loadClient exited ${code} (cap ${capMs} ms)`);
        const result = JSON.parse(last) as LoadClientResult;
        // The raw calls, for a closer look than the tables give.
        writeFileSync(join(rawDir, `${request.serviceName}-${request.plan.callsPerSecond}-${Date.now()}.json`), last);
        resolve(result);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** The highest resident memory of each process over a run, sampled; a process that is gone is skipped. */
function rssSampler(pids: () => { jaeger: number; milvus: number }): { stop(): { jaeger: number; milvus: number } } {
  const peak = { jaeger: 0, milvus: 0 };
  const sample = () => {
    for (const key of ["jaeger", "milvus"] as const) {
      try {
        peak[key] = Math.max(peak[key], processMemoryBytes(pids()[key], "VmRSS"));
      } catch {
        // Killed in the fault round, or not yet restarted.
      }
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function prepareCollection(): Promise<void> {
  const { assertSucceeded, connectMilvus } = await import("../verify/workload.js");
  const { DataType } = await import("@zilliz/milvus2-sdk-node");
  const client = connectMilvus(ENDPOINTS.milvus, 30);
  const vector = (seed: number) => Array.from({ length: DIMENSION }, (_, d) => Math.sin(seed * 7 + d));
  assertSucceeded(
    "create",
    await client.createCollection({ collection_name: COLLECTION, fields: [{ name: "id", data_type: DataType.Int64, is_primary_key: true }, { name: "v", data_type: DataType.FloatVector, dim: DIMENSION }] }),
  );
  assertSucceeded("insert", await client.insert({ collection_name: COLLECTION, data: Array.from({ length: ROWS }, (_, id) => ({ id, v: vector(id) })) }));
  assertSucceeded("flush", await client.flush({ collection_names: [COLLECTION] }));
  assertSucceeded("index", await client.createIndex({ collection_name: COLLECTION, field_name: "v", index_type: "FLAT", metric_type: "L2", params: {} }));
  assertSucceeded("load", await client.loadCollectionSync({ collection_name: COLLECTION }));
  await client.closeConnection();
}

/** Whether Milvus's metrics port counts the spans its exporter sent; Milvus 2.3.5's Go SDK may not. */
async function milvusExporterSeries(): Promise<string[]> {
  const text = await (await fetch("http://127.0.0.1:9091/metrics", { signal: AbortSignal.timeout(5000) })).text();
  const names = new Set(text.split("\n").filter((line) => !line.startsWith("#")).map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? ""));
  return [...names].filter((name) => /(^|_)spans?(_|$)|otel|otlp|exporter/i.test(name)).sort();
}

const request = (options: LoadOptions, callsPerSecond: number, serviceName: string, durationMs: number, alternate: boolean, warmupCalls: number): LoadClientRequest => ({
  milvus: ENDPOINTS.milvus,
  otlp: ENDPOINTS.otlp,
  serviceName,
  collection: COLLECTION,
  dimension: DIMENSION,
  rows: ROWS,
  plan: { callsPerSecond, durationMs, blockMs: alternate ? options.blockSeconds * 1000 : durationMs, maxCalls: Math.ceil((callsPerSecond * durationMs) / 1000), alternate },
  warmupCalls,
  drainMs: 35_000,
});

class Lab {
  jaeger: RunningServer | undefined;
  constructor(
    readonly dir: string,
    readonly milvus: RunningServer,
  ) {}

  get jaegerPid(): number {
    if (!this.jaeger) throw new Error("Jaeger is not running");
    return this.jaeger.pid;
  }

  async startJaeger(setup: ModeSetup, storage: JaegerStorage, label: string): Promise<void> {
    const dir = join(this.dir, label);
    mkdirSync(dir, { recursive: true });
    this.jaeger = await startJaeger(dir, undefined, storage, { pipeline: setup.pipeline });
  }
}

async function rateRun(lab: Lab, setup: ModeSetup, options: LoadOptions, callsPerSecond: number, warmupCalls: number): Promise<RateRun> {
  const before = await readCollectorCounters(ENDPOINTS.jaegerMetrics);
  const cpuBefore = { jaeger: processCpuSeconds(lab.jaegerPid), milvus: processCpuSeconds(lab.milvus.pid) };
  const sampler = rssSampler(() => ({ jaeger: lab.jaegerPid, milvus: lab.milvus.pid }));
  const started = performance.now();
  const result = await runClient(lab.dir, request(options, callsPerSecond, CLIENT_SERVICE, options.runSeconds * 1000, true, warmupCalls));
  await sleep(setup.settleMs);
  const collector = countersSince(before, await readCollectorCounters(ENDPOINTS.jaegerMetrics));
  const windowSeconds = (performance.now() - started) / 1000;
  const peakRssBytes = sampler.stop();
  const ok = result.calls.filter((call) => call.latencyMs !== undefined);
  const side = (traced: boolean) => ok.filter((call) => call.traced === traced).map((call) => call.latencyMs ?? Number.NaN);
  const pairs = blockPairs(result.calls);
  const estimate = (statistic: Statistic, seed: number) => bootstrapRatio(pairs, { statistic, iterations: 5000, confidence: 0.95, resolution: 0.05, random: seededRandom(seed) });
  const p99: Statistic = (values) => percentile(values, 99);
  const p50: Statistic = (values) => percentile(values, 50);
  if (result.exportFailures.count > 0) log(`${setup.mode} ${callsPerSecond}/s: ${result.exportFailures.count} client export failures, first: ${result.exportFailures.first.join(" | ")}`);
  return {
    mode: setup.mode,
    callsPerSecond,
    calls: { traced: result.calls.filter((call) => call.traced).length, untraced: result.calls.filter((call) => !call.traced).length, failed: result.calls.length - ok.length },
    answeredPerSecond: (ok.length * 1000) / Math.max(result.lastAnswerMs, options.runSeconds * 1000),
    latencyMs: { traced: { p50: p50(side(true)), p99: p99(side(true)) }, untraced: { p50: p50(side(false)), p99: p99(side(false)) } },
    ratios: pairs.length >= 2 ? { p50: estimate(p50, 9), p99: estimate(p99, 10) } : undefined,
    pairs: pairs.length,
    lagP99Ms: percentile(
      result.calls.map((call) => call.lagMs),
      99,
    ),
    spans: accountSpans(result.spans, collector),
    cpuSeconds: { jaeger: processCpuSeconds(lab.jaegerPid) - cpuBefore.jaeger, milvus: processCpuSeconds(lab.milvus.pid) - cpuBefore.milvus, client: result.cpuSeconds },
    peakRssBytes,
    windowSeconds,
  };
}

/** Each call's trace as Jaeger stored it: client spans (verify's service name) and Milvus's (every other service). */
async function storedSpans(traceIds: readonly (string | undefined)[]): Promise<(StoredSpans | undefined)[]> {
  const jaeger = new JaegerQuery(ENDPOINTS.jaegerQuery, 30_000);
  const stored: (StoredSpans | undefined)[] = traceIds.map(() => undefined);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < traceIds.length; index = next++) {
      const id = traceIds[index];
      const trace = id === undefined ? undefined : await jaeger.trace(id);
      if (!trace) continue;
      const client = trace.spans.filter((span) => serviceOf(trace, span) === PROBE_SERVICE_NAME).length;
      stored[index] = { client, milvus: trace.spans.length - client };
    }
  };
  await Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, worker));
  return stored;
}

async function faultRun(lab: Lab, setup: ModeSetup, storage: JaegerStorage, options: LoadOptions): Promise<FaultRun> {
  const durationMs = FAULT_KILL_AFTER_MS + options.downSeconds * 1000 + FAULT_AFTER_RESTART_MS;
  const atStart = await readCollectorCounters(ENDPOINTS.jaegerMetrics);
  let fault: Promise<{ beforeKill: CollectorCounters; downSeconds: number; killedAtSeconds: number; upAtSeconds: number }> | undefined;
  let callsStarted = 0;
  const killAndRestart = async () => {
    callsStarted = performance.now();
    await sleep(FAULT_KILL_AFTER_MS);
    const beforeKill = countersSince(atStart, await readCollectorCounters(ENDPOINTS.jaegerMetrics));
    const pid = lab.jaegerPid;
    process.kill(pid, "SIGKILL");
    const killed = performance.now();
    for (let waited = 0; waited < 5000 && alive(pid); waited += 50) await sleep(50);
    log(`${setup.mode}: Jaeger ${pid} killed`);
    await sleep(options.downSeconds * 1000 - (performance.now() - killed));
    await lab.startJaeger(setup, storage, `${setup.mode}-restarted`);
    const downSeconds = (performance.now() - killed) / 1000;
    log(`${setup.mode}: Jaeger restarted as ${lab.jaegerPid} after ${downSeconds.toFixed(1)} s`);
    return { beforeKill, downSeconds, killedAtSeconds: (killed - callsStarted) / 1000, upAtSeconds: (performance.now() - callsStarted) / 1000 };
  };
  // Verify's service name: tail sampling keeps every trace that has a client span, so that what is
  // missing from storage is lost, not dropped by policy.
  const result = await runClient(lab.dir, request(options, options.faultRate, PROBE_SERVICE_NAME, durationMs, false, 0), () => {
    fault = killAndRestart();
  });
  if (!fault) throw new Error("the load client never started its schedule");
  const { beforeKill, ...times } = await fault;
  await sleep(setup.settleMs + FAULT_EXTRA_SETTLE_MS);
  // A restarted Jaeger counts from zero.
  const afterRestart = await readCollectorCounters(ENDPOINTS.jaegerMetrics);
  const failures = result.calls.filter((call) => call.failure !== undefined);
  const loss = faultLoss(await storedSpans(result.calls.map((call) => call.traceId)), result.spans, CLIENT_SPANS_PER_CALL);
  return {
    mode: setup.mode,
    callsPerSecond: options.faultRate,
    ...times,
    failedCalls: failures.length,
    failures: [...new Set(failures.map((call) => call.failure ?? ""))].slice(0, 3),
    loss,
    completeShare: completeShareOverTime(
      result.calls.map((call) => call.atMs),
      loss.states,
      FAULT_BUCKET_SECONDS * 1000,
    ),
    bucketSeconds: FAULT_BUCKET_SECONDS,
    beforeKill,
    afterRestart,
  };
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  const started = performance.now();
  const { tracing, storageRetention, setups } = modeSetups();
  const dir = scratchDir("load");
  log(`scratch ${dir}; rates ${options.rates.join(", ")} calls/s, ${options.runSeconds} s each; fault round at ${options.faultRate} calls/s in ${options.faultModes.join(", ") || "no mode"}`);
  const milvus = await startMilvus(join(dir, "milvus"), tracing);
  const lab = new Lab(dir, milvus);
  // The servers run in sessions of their own (setsid): stop them when the benchmark is stopped.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      for (const pid of [lab.jaeger?.pid, milvus.pid]) if (pid !== undefined && alive(pid)) process.kill(pid, "SIGKILL");
      process.exit(130);
    });
  }
  const runs: RateRun[] = [];
  const faults: FaultRun[] = [];
  const modeLines: string[] = [];
  let exporterSeries: string[];
  try {
    await prepareCollection();
    exporterSeries = await milvusExporterSeries();
    for (const setup of setups) {
      const storage: JaegerStorage = { backend: "badger", directory: join(dir, `${setup.mode}-badger`), retention: storageRetention };
      await lab.startJaeger(setup, storage, setup.mode);
      let background = "";
      if (setup.mode === "head") {
        // Milvus at sampleFraction 1 traces its own background work: what it sends with no load.
        const before = await readCollectorCounters(ENDPOINTS.jaegerMetrics);
        await sleep(IDLE_WINDOW_MS);
        const idle = countersSince(before, await readCollectorCounters(ENDPOINTS.jaegerMetrics));
        background = `; Milvus with no load sent ${((idle.receiverAccepted * 1000) / IDLE_WINDOW_MS).toFixed(1)} spans/s (its own background work)`;
      }
      for (const [index, rate] of options.rates.entries()) {
        log(`${setup.mode}: ${rate} calls/s`);
        runs.push(await rateRun(lab, setup, options, rate, index === 0 ? WARMUP_CALLS : 0));
      }
      const hwm = processMemoryBytes(lab.jaegerPid, "VmHWM");
      modeLines.push(`${setup.mode}: Jaeger ${setup.describe}; its peak resident memory over the mode's runs (VmHWM) ${(hwm / 2 ** 20).toFixed(0)} MiB${background}`);
      if (options.faultModes.includes(setup.mode)) {
        log(`${setup.mode}: fault round at ${options.faultRate} calls/s`);
        faults.push(await faultRun(lab, setup, storage, options));
      }
      await lab.jaeger?.stop();
      lab.jaeger = undefined;
    }
  } finally {
    await lab.jaeger?.stop();
    await milvus.stop();
    // Milvus's unpacked binaries and both modes' stores are most of a run's 600 MB; the raw calls stay.
    for (const data of ["milvus", ...MODES.map((mode) => `${mode}-badger`)]) rmSync(join(dir, data), { recursive: true, force: true });
    log(`raw calls kept in ${dir}`);
  }
  const lines = [
    "bench:load (one run, this machine: Milvus 2.3.5 from PyPI and Jaeger 2.13.0 as local processes in a private network namespace)",
    `Milvus: one instance, sampleFraction ${tracing.sampleFraction}, traceBatchDelayMs ${tracing.batchDelayMs}; collection of ${ROWS} ${DIMENSION}-dim vectors (FLAT), Eventually-consistent searches, limit 10`,
    `load: open loop, ${options.runSeconds} s per rate, ${options.blockSeconds} s blocks, traced (client span, context sent) and untraced (no context; Milvus still records its own trace) alternating`,
    `Jaeger: restarted per mode, Badger storage; Milvus's own metrics (:9091) ${exporterSeries.length > 0 ? `have ${exporterSeries.join(", ")}` : "count no exported spans: Milvus sent = Jaeger accepted - client exported"}`,
    ...modeLines,
    "",
    "latency (ms), ratio traced / untraced with block-bootstrap 95% interval; lag: how late calls went out against the schedule",
    ...latencyTable(runs),
    "",
    "spans over each run and its settle time (client: its exporter's count; tail kept/dropped/too early are traces)",
    ...spanTable(runs),
    "",
    "CPU and memory over each run and its settle time (/proc: utime+stime, VmRSS sampled every 250 ms)",
    ...resourceTable(runs),
    ...faults.flatMap((fault) => ["", ...faultLines(fault)]),
    "",
    `total ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ...cleanRateLines(runs, MODES),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${LOAD_USAGE}\n`);
  process.exit(1);
});
