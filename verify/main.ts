// Must stay the first import: it patches @grpc/grpc-js before anything loads it.
import "./instrumentation";
import { samplingCheck, traceChecks, type CheckResult } from "./checks";
import { EXIT, type ExitCode } from "./exitCodes";
import { JaegerQuery } from "./jaegerQuery";
import { parseOptions, USAGE, UsageError, type VerifyOptions } from "./options";
import { exitCodeOf, renderText, statusOf, unresolvedVerdict, type Verdict } from "./report";
import { jaegerVersion, milvusVersion, withImages, type ServerVersions } from "./serverVersions";
import { showTrace } from "./showTrace";
import { requireSampleFractionForSampling, resolveTarget, sourceOf, type VerifyTarget } from "./target";
import { startTelemetry, type Telemetry } from "./telemetry";
import { diagnoseMissingServerSpans, diagnoseUndeliveredClientSpans, waitForRecordedCount, waitForTrace } from "./waitForJaeger";
import { VerifyError } from "./verifyError";
import { SEGCORE_SERVICE_NAME } from "./traceAnalysis";
import { pendingSegcoreNote, searchWaterfall, waterfallHasService } from "./waterfall";
import type { WorkloadCall } from "./workload";

const progress = (message: string): void => {
  process.stderr.write(`[verify] ${message}\n`);
};

/** Phases before verify() starts, in ms: performance.now() counts from the process's start. */
interface EarlyTimings {
  startupMs: number;
  targetMs: number;
}

type WorkloadModule = typeof import("./workload.js");

async function verify(options: VerifyOptions, target: VerifyTarget, telemetry: Telemetry, early: EarlyTimings, workloadModule: Promise<WorkloadModule>): Promise<Verdict> {
  const jaeger = new JaegerQuery(target.jaegerQueryUrl);
  const deadline = (): number => performance.now() + options.timeoutSeconds * 1000;
  const checks: CheckResult[] = [];
  let calls: WorkloadCall[] = [];
  let traceId: string | undefined;
  let workloadMs: number | undefined;
  let traceCompleteMs: number | undefined;
  let waterfall: Verdict["waterfall"];
  let waterfallNote: Verdict["waterfallNote"];
  let error: Verdict["error"];
  const unasked = { version: undefined, unknown: "not asked: the workload did not finish" };
  let servers: ServerVersions = withImages({ milvus: unasked, jaeger: unasked }, target.images);
  let serversAsked: Promise<void> = Promise.resolve();

  try {
    const { connectMilvus, runUntracedCalls, runWorkload } = await workloadModule;
    const client = connectMilvus(target.milvusAddress, options.timeoutSeconds);
    try {
      progress(`calling Milvus at ${target.milvusAddress}`);
      const workload = await runWorkload(client, telemetry.tracer, target.milvusAddress, options.timeoutSeconds);
      ({ calls, traceId } = workload);
      workloadMs = workload.totalMs;
      // Asked once Milvus has answered, so that an unreachable server fails the workload first;
      // answered while the trace is awaited. Neither rejects: a failure is a reason in the answer.
      serversAsked = Promise.all([milvusVersion(client), jaegerVersion(target.jaegerQueryUrl, 5000)]).then(([milvus, jaeger]) => {
        servers = withImages({ milvus, jaeger }, target.images);
      });
      await telemetry.flush();
      const flushed = performance.now();

      progress(`waiting for trace ${traceId} in Jaeger at ${target.jaegerQueryUrl}`);
      const found = await waitForTrace(jaeger, workload, options.serviceName, deadline(), progress);
      traceCompleteMs = found.analysis ? found.completeAt - flushed : undefined;
      waterfall = found.trace ? searchWaterfall(found.trace, options.serviceName) : undefined;
      // verify does not wait the C++ exporter's 5 s batches out; Jaeger has them by the time a person looks.
      if (waterfall && !waterfallHasService(waterfall, SEGCORE_SERVICE_NAME) && (await jaeger.services()).includes(SEGCORE_SERVICE_NAME)) {
        waterfallNote = pendingSegcoreNote(traceId);
      }
      if (!found.analysis || found.analysis.clientRpcSpans === 0) diagnoseUndeliveredClientSpans(telemetry.exportFailures, target);
      else if (found.analysis.serverSpans === 0) await diagnoseMissingServerSpans(jaeger);
      checks.push(...traceChecks(found.analysis, calls, found.completeAt - flushed));

      // requireSampleFractionForSampling refused --sampling without a known fraction before any call.
      if (options.sampling > 0 && target.sampleFraction !== undefined) {
        progress(`sending ${options.sampling} calls without trace context`);
        const window = await runUntracedCalls(client, target.milvusAddress, options.sampling);
        const recorded = await waitForRecordedCount(jaeger, window, options.serviceName, options.sampling, deadline(), progress);
        checks.push(samplingCheck(recorded, options.sampling, target.sampleFraction));
      }
    } finally {
      await serversAsked;
      await client.closeConnection().catch(() => undefined);
    }
  } catch (caught) {
    if (caught instanceof VerifyError) error = { endpoint: caught.endpoint, message: caught.message, hint: caught.hint };
    // Milvus answered but a step went wrong (an error status, a wrong result): a failed check.
    else checks.push({ name: "Milvus workload", passed: false, detail: caught instanceof Error ? caught.message : String(caught) });
  }

  const exitCode = exitCodeOf(checks, error);
  return {
    status: statusOf(exitCode),
    exitCode,
    source: target.source,
    endpoints: { milvus: target.milvusAddress, jaegerQuery: target.jaegerQueryUrl, otlp: target.otlpEndpoint, secure: target.secure },
    servers,
    traceId,
    traceUrl: traceId ? `${target.jaegerUiUrl.replace(/\/+$/, "")}/trace/${traceId}` : undefined,
    timings: { ...early, workloadMs, traceCompleteMs, totalMs: performance.now() },
    calls,
    checks,
    waterfall,
    waterfallNote,
    error,
  };
}

const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

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

  if (options.showTraceId !== undefined) {
    try {
      return await showTrace(options, options.showTraceId, write);
    } catch (caught) {
      return reportUnresolved(options, caught, startupMs);
    }
  }
  // The Milvus SDK takes about 0.4 s to load: it loads while `pulumi stack output` runs. It must
  // load after the instrumentation (the first import), which patches @grpc/grpc-js.
  const workloadModule = import("./workload.js");
  let target: VerifyTarget;
  try {
    target = await resolveTarget(options);
  } catch (caught) {
    return reportUnresolved(options, caught, startupMs);
  }
  const targetMs = performance.now() - startupMs;
  try {
    requireSampleFractionForSampling(options.sampling, target);
  } catch (caught) {
    await target.close();
    return reportUnresolved(options, caught, startupMs);
  }

  const telemetry = startTelemetry({ serviceName: options.serviceName, otlpEndpoint: target.otlpEndpoint, secure: target.secure, caPem: target.caPem });
  try {
    const verdict = await verify(options, target, telemetry, { startupMs, targetMs }, workloadModule);
    write(options.json ? JSON.stringify(verdict, null, 2) : renderText(verdict));
    return verdict.exitCode;
  } finally {
    await telemetry.shutdown();
    await target.close();
  }
}

/** Before any call: a usage error (64) or an unreachable stack (2), as JSON under --json. */
function reportUnresolved(options: VerifyOptions, caught: unknown, startupMs: number): ExitCode {
  if (!(caught instanceof VerifyError || caught instanceof UsageError)) throw caught;
  const exitCode = caught instanceof UsageError ? EXIT.usage : EXIT.error;
  const error =
    caught instanceof VerifyError
      ? { endpoint: caught.endpoint, message: caught.message, hint: caught.hint }
      : { endpoint: "command line", message: caught.message, hint: "See `npm run verify -- --help`." };
  if (options.json) {
    write(JSON.stringify(unresolvedVerdict(sourceOf(options), exitCode, error, { startupMs, totalMs: performance.now() }), null, 2));
  } else {
    process.stderr.write(
      caught instanceof VerifyError
        ? `verify: ERROR ${caught.endpoint}: ${caught.message}\n  Likely cause: ${caught.hint}\n`
        : `verify: USAGE ${caught.message}\n  ${error.hint}\n`,
    );
  }
  return exitCode;
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
