// Must stay the first import: it patches @grpc/grpc-js before anything loads it.
import "./instrumentation";
import type { MilvusClient } from "@zilliz/milvus2-sdk-node";
import { countersSince, readCollectorCounters, type CollectorCounters } from "./collectorCounters";
import { checkedSteps, judge, noEvidence, type Evidence, type Step } from "./checks";
import { EXIT, type ExitCode } from "./exitCodes";
import { JaegerQuery } from "./jaegerQuery";
import { parseOptions, USAGE, UsageError, type VerifyOptions } from "./options";
import { renderText, verdictOf, type RunContext, type Verdict } from "./report";
import { jaegerVersion, milvusVersion, withImages, type ServerVersions } from "./serverVersions";
import { findTraces } from "./findTraces";
import { showTrace } from "./showTrace";
import { queriesJaegerOnly, requireSampleFractionForSampling, resolveTarget, sourceOf, type VerifyTarget } from "./target";
import { startTelemetry, type Telemetry } from "./telemetry";
import type { SpanServices } from "./traceAnalysis";
import { VerifyError, type Diagnosis } from "./verifyError";
import { awaitTrace, waitForRecordedCount, type TraceEvidence } from "./waitForJaeger";
import type { WorkloadResult } from "./workload";

type WorkloadModule = typeof import("./workload.js");
type UntracedWindow = Awaited<ReturnType<WorkloadModule["runUntracedCalls"]>>;

const progress = (message: string): void => {
  process.stderr.write(`[verify] ${message}\n`);
};

/**
 * The pipeline: target -> workload -> wait for the trace (-> sampling) -> judge -> report. Each
 * step adds to the evidence; the first one that fails stops the run there, and the judge still
 * accounts for every check, those not run included.
 */
async function verify(options: VerifyOptions, startupMs: number, workloadModule: Promise<WorkloadModule>): Promise<Verdict> {
  const backendMode = options.backendQueryUrl === undefined ? "none" : options.forwardOnly ? "only" : "also";
  const evidence = { ...noEvidence(checkedSteps(options.sampling, backendMode)), backendUrl: options.backendQueryUrl };
  const run: RunContext = {
    source: sourceOf(options),
    target: undefined,
    servers: undefined,
    timings: { startupMs, targetMs: undefined, workloadMs: undefined, traceCompleteMs: undefined, totalMs: 0 },
    collector: undefined,
  };
  const report = (): Verdict => verdictOf({ ...run, timings: { ...run.timings, totalMs: performance.now() } }, evidence, judge(evidence));

  const target = await step(evidence, "target", () => targetStep(options));
  if (!target) return report();
  run.target = target;
  run.source = target.source;
  run.timings.targetMs = performance.now() - startupMs;
  const services: SpanServices = { client: options.serviceName, milvus: target.milvusSpanServices };
  evidence.services = services;
  evidence.otlp = { endpoint: target.otlpEndpoint, secure: target.secure };

  const telemetry = startTelemetry({
    serviceName: options.serviceName,
    otlpEndpoint: target.otlpEndpoint,
    secure: target.secure,
    caPem: target.caPem,
    login: target.jaegerLogin,
  });
  evidence.exportFailures = telemetry.exportFailures;
  const jaeger = new JaegerQuery(target.jaegerQueryUrl, undefined, target.jaegerLogin);
  const backend = options.backendQueryUrl === undefined ? undefined : new JaegerQuery(options.backendQueryUrl, undefined, options.backendLogin, "VERIFY_BACKEND_USER and VERIFY_BACKEND_PASSWORD", options.backendApi);
  const deadline = (): number => performance.now() + options.timeoutSeconds * 1000;
  let servers: Promise<ServerVersions> = Promise.resolve(notAsked(target));
  let opened: MilvusClient | undefined;
  const countersBefore = await collectorCounters(target.jaegerMetricsUrl);
  try {
    const { connectMilvus, runUntracedCalls, runWorkload } = await workloadModule;
    const client = connectMilvus(target.milvusAddress, options.timeoutSeconds, target.milvusLogin);
    opened = client;
    const workload = await step(evidence, "workload", () => {
      progress(`calling Milvus at ${target.milvusAddress}`);
      return runWorkload(client, telemetry.tracer, target.milvusAddress, options.timeoutSeconds);
    });
    if (workload) {
      evidence.traceId = workload.traceId;
      evidence.calls = workload.calls;
      run.timings.workloadMs = workload.totalMs;
      // Asked once Milvus has answered, so that an unreachable server fails the workload first;
      // answered while the trace is awaited.
      servers = askServers(client, target);
    }

    // forward-only: Jaeger keeps nothing, so the backend is the only place to look.
    const trace = workload && !options.forwardOnly ? await step(evidence, "trace", () => traceStep(workload, telemetry, jaeger, services, deadline())) : undefined;
    if (trace) {
      evidence.trace = trace;
      run.timings.traceCompleteMs = trace.found.analysis ? trace.waitedMs : undefined;
    }
    const backendTrace =
      workload && backend && (trace || options.forwardOnly) ? await step(evidence, "backend", () => traceStep(workload, telemetry, backend, services, deadline(), "the backend")) : undefined;
    if (backendTrace) {
      evidence.backendTrace = backendTrace;
      if (options.forwardOnly) run.timings.traceCompleteMs = backendTrace.found.analysis ? backendTrace.waitedMs : undefined;
    }
    const found = options.forwardOnly ? backendTrace : trace;
    const query = options.forwardOnly && backend ? backend : jaeger;

    const sampleFraction = target.sampleFraction;
    // targetStep refused --sampling without a known fraction before any call.
    if (found && options.sampling > 0 && sampleFraction !== undefined) {
      const untraced = { calls: options.sampling, sampleFraction, tail: target.tail };
      const makeCalls = () => runUntracedCalls(client, target.milvusAddress, untraced.calls);
      evidence.sampling = await step(evidence, "sampling", () => samplingStep(untraced, makeCalls, query, services, deadline()));
    }
    run.servers = await servers;
    run.collector = await collectorWindow(target.jaegerMetricsUrl, countersBefore);
    evidence.forward = typeof run.collector === "object" ? run.collector.forward : undefined;
    return report();
  } finally {
    await opened?.closeConnection().catch(() => undefined);
    await telemetry.shutdown();
    await target.close();
  }
}

/** Runs one step; what stops it stops the run there and becomes the judge's evidence. */
async function step<T>(evidence: Evidence, name: Step, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (caught) {
    evidence.stopped = { step: name, cause: caught };
    return undefined;
  }
}

/** The endpoints, and --sampling refused before any call when no sampleFraction is known. */
async function targetStep(options: VerifyOptions): Promise<VerifyTarget> {
  const target = await resolveTarget(options);
  try {
    requireSampleFractionForSampling(options.sampling, target);
  } catch (caught) {
    await target.close();
    throw caught;
  }
  return target;
}

async function traceStep(workload: WorkloadResult, telemetry: Telemetry, jaeger: JaegerQuery, services: SpanServices, deadline: number, where = "Jaeger"): Promise<TraceEvidence> {
  await telemetry.flush();
  const flushedAt = performance.now();
  progress(`waiting for trace ${workload.traceId} in ${where} at ${jaeger.baseUrl}`);
  return awaitTrace(jaeger, workload, services, flushedAt, deadline, progress);
}

/** Calls without trace context, and how many of them Milvus's own sampler recorded. */
async function samplingStep(
  untraced: { calls: number; sampleFraction: number; tail: VerifyTarget["tail"] },
  makeCalls: () => Promise<UntracedWindow>,
  jaeger: JaegerQuery,
  services: SpanServices,
  deadline: number,
): Promise<NonNullable<Evidence["sampling"]>> {
  progress(`sending ${untraced.calls} calls without trace context`);
  const window = await makeCalls();
  const decisionWaitMs = (untraced.tail?.decisionWaitSeconds ?? 0) * 1000;
  const recorded = await waitForRecordedCount(jaeger, window, services, untraced.calls, deadline, progress, decisionWaitMs);
  return { calls: untraced.calls, sampleFraction: untraced.sampleFraction, recorded, ...(untraced.tail ? { tailBaselinePercent: untraced.tail.baselinePercent } : {}) };
}

/** Jaeger's collector counters, or why they could not be read: a report, never a failed run. */
async function collectorCounters(metricsUrl: string | undefined): Promise<CollectorCounters | string | undefined> {
  if (metricsUrl === undefined) return undefined;
  try {
    return await readCollectorCounters(metricsUrl);
  } catch (caught) {
    return `not read from ${metricsUrl}: ${caught instanceof Error ? caught.message : String(caught)}`;
  }
}

async function collectorWindow(metricsUrl: string | undefined, before: CollectorCounters | string | undefined): Promise<RunContext["collector"]> {
  if (before === undefined || typeof before === "string") return before;
  const after = await collectorCounters(metricsUrl);
  return after === undefined || typeof after === "string" ? after : countersSince(before, after);
}

/** Neither rejects: a failure is a reason in the answer. */
async function askServers(client: MilvusClient, target: VerifyTarget): Promise<ServerVersions> {
  const [milvus, jaeger] = await Promise.all([milvusVersion(client), jaegerVersion(target.jaegerQueryUrl, 5000, target.jaegerLogin)]);
  return withImages({ milvus, jaeger }, target.images);
}

function notAsked(target: VerifyTarget): ServerVersions {
  const unasked = { version: undefined, unknown: "not asked: the workload did not finish" };
  return withImages({ milvus: unasked, jaeger: unasked }, target.images);
}

const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** Where a person reads an error with nothing else to report: a usage error, or --show's or --find's. */
function writeError(error: Diagnosis, usage: boolean): void {
  process.stderr.write(usage ? `verify: USAGE ${error.message}\n  ${error.hint}\n` : `verify: ERROR ${error.endpoint}: ${error.message}\n  Likely cause: ${error.hint}\n`);
}

function output(options: VerifyOptions, verdict: Verdict): ExitCode {
  if (options.json) write(JSON.stringify(verdict, null, 2));
  else if (verdict.error && (verdict.exitCode === EXIT.usage || queriesJaegerOnly(options))) writeError(verdict.error, verdict.exitCode === EXIT.usage);
  else write(renderText(verdict));
  return verdict.exitCode;
}

async function main(): Promise<ExitCode> {
  const startupMs = performance.now();
  let options: VerifyOptions | "help";
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (caught) {
    if (!(caught instanceof UsageError)) throw caught;
    process.stderr.write(`verify: ${caught.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options === "help") {
    write(USAGE);
    return EXIT.pass;
  }

  const { find, showTraceId } = options;
  const queryJaeger = find ? () => findTraces(options, find, write) : showTraceId !== undefined ? () => showTrace(options, showTraceId, write) : undefined;
  if (queryJaeger) {
    try {
      return await queryJaeger();
    } catch (caught) {
      if (!(caught instanceof VerifyError || caught instanceof UsageError)) throw caught;
      // --show and --find make no checks: their verdict carries only the error.
      const evidence: Evidence = { ...noEvidence([]), stopped: { step: "target", cause: caught } };
      const timings = { startupMs, targetMs: undefined, workloadMs: undefined, traceCompleteMs: undefined, totalMs: performance.now() };
      return output(options, verdictOf({ source: sourceOf(options), target: undefined, servers: undefined, timings, collector: undefined }, evidence, judge(evidence)));
    }
  }
  // The Milvus SDK takes about 0.4 s to load: it loads while `pulumi stack output` runs. It must
  // load after the instrumentation (the first import), which patches @grpc/grpc-js.
  return output(options, await verify(options, startupMs, import("./workload.js")));
}

main().then(
  (code) => {
    process.exitCode = code;
    // The verdict is out: a connection some library left open must not keep verify from exiting.
    setTimeout(() => process.exit(), 2000).unref();
  },
  (caught: unknown) => {
    process.stderr.write(`verify: ERROR ${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}\n`);
    process.exitCode = EXIT.error;
  },
);
