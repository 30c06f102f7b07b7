import type { StackOutputsJson } from "../components/stackOutputs";
import { describeCollector, type CollectorCounters } from "./collectorCounters";
import type { CheckResult, Evidence, Judgement } from "./checks";
import { EXIT, type ExitCode } from "./exitCodes";
import { seconds } from "./seconds";
import { renderWaterfall, type Waterfall } from "./waterfall";
import { describeServers, type ServerVersions } from "./serverVersions";
import type { VerifyTarget } from "./target";
import type { Diagnosis } from "./verifyError";
import type { WorkloadCall } from "./workload";

/** What --json prints: every outcome of a run, a failed or stopped one included. */
export interface Verdict {
  status: "pass" | "fail" | "error" | "usage";
  exitCode: ExitCode;
  source: string;
  /** Where the run went, under the stack outputs' names; undefined when it ended before it knew. */
  endpoints: Pick<StackOutputsJson, "milvusAddress" | "jaegerQueryUrl" | "otlpEndpoint" | "secure"> | undefined;
  /** The services whose spans count as Milvus's; undefined when the run ended before it knew. */
  milvusSpanServices: StackOutputsJson["milvusSpanServices"] | undefined;
  /** What runs: each server's own version and the image behind it; undefined when the run ended before it knew. */
  servers: ServerVersions | undefined;
  traceId: string | undefined;
  traceUrl: string | undefined;
  /** Where the run's time went, in ms since the process started (totalMs) or per phase. */
  timings: {
    /** Node start and verify's own modules, until it parsed its options. */
    startupMs: number;
    /** Reading the stack's outputs (and opening port-forwards) or taking the command line's addresses. */
    targetMs: number | undefined;
    workloadMs: number | undefined;
    traceCompleteMs: number | undefined;
    totalMs: number;
  };
  calls: WorkloadCall[];
  /** Every check the run set out to make: passed, failed, or not run (`ran: false`) and why. */
  checks: CheckResult[];
  /** The traced Search call as Jaeger holds it: the client span and Milvus's spans below it. */
  waterfall: Waterfall | undefined;
  /** Why the waterfall lacks spans that Jaeger will have later, and how to see them then. */
  waterfallNote: string[] | undefined;
  /** Jaeger's collector counters over the run (--jaeger-metrics), or why they were not read. */
  collector?: CollectorCounters | string;
  /** Why the run ended with exit code 2 (or 64 for a usage error found while resolving the target). */
  error: Diagnosis | undefined;
}

export function statusOf(exitCode: ExitCode): Verdict["status"] {
  if (exitCode === EXIT.pass) return "pass";
  if (exitCode === EXIT.fail) return "fail";
  return exitCode === EXIT.usage ? "usage" : "error";
}

/** What the pipeline knows besides the evidence: where it went, what runs there, and when. */
export interface RunContext {
  source: string;
  target: VerifyTarget | undefined;
  servers: ServerVersions | undefined;
  timings: Verdict["timings"];
  collector?: CollectorCounters | string | undefined;
}

/** The report step: the judgement, with what the run found and where, as one verdict. */
export function verdictOf(run: RunContext, evidence: Pick<Evidence, "traceId" | "calls">, judgement: Judgement): Verdict {
  const { target, source, servers, timings } = run;
  const { traceId } = evidence;
  return {
    status: statusOf(judgement.exitCode),
    exitCode: judgement.exitCode,
    source,
    endpoints: target && { milvusAddress: target.milvusAddress, jaegerQueryUrl: target.jaegerQueryUrl, otlpEndpoint: target.otlpEndpoint, secure: target.secure },
    milvusSpanServices: target?.milvusSpanServices,
    servers,
    traceId,
    traceUrl: target && traceId ? `${target.jaegerUiUrl.replace(/\/+$/, "")}/trace/${traceId}` : undefined,
    timings,
    calls: [...evidence.calls],
    checks: judgement.checks,
    waterfall: judgement.waterfall,
    waterfallNote: judgement.waterfallNote,
    error: judgement.error,
    ...(run.collector === undefined ? {} : { collector: run.collector }),
  };
}

const ms = (value: number | undefined): string => (value === undefined ? "-" : seconds(value));

/** The verdict for a person; its last line is stable for scripts: `verify: PASS|FAIL|ERROR ...`. */
export function renderText(verdict: Verdict): string {
  const { endpoints } = verdict;
  const lines = [`Milvus request tracing (${verdict.source})`];
  if (endpoints) {
    lines.push(`  Milvus ${endpoints.milvusAddress}   Jaeger ${endpoints.jaegerQueryUrl}   OTLP ${endpoints.otlpEndpoint} (${endpoints.secure ? "TLS" : "plaintext"})`);
  }
  lines.push(...(verdict.servers ? describeServers(verdict.servers) : []), "");
  const width = Math.max(...verdict.checks.map((check) => check.name.length), 10);
  verdict.checks.forEach((check, index) => {
    lines.push(`  ${!check.ran ? "–" : check.passed ? "✔" : "✘"} ${index + 1}. ${check.name.padEnd(width)}  ${check.detail}`);
  });
  if (verdict.calls.length > 0) {
    lines.push("", `  Milvus calls: ${verdict.calls.length} succeeded (${verdict.calls.map((call) => call.rpc).join(", ")})`);
  }
  const { startupMs, targetMs, workloadMs, traceCompleteMs, totalMs } = verdict.timings;
  lines.push(`  Timings: start ${ms(startupMs)}, stack outputs ${ms(targetMs)}, workload ${ms(workloadMs)},`);
  lines.push(`           trace complete in Jaeger ${ms(traceCompleteMs)} after flush, verdict at ${ms(totalMs)}`);
  if (verdict.traceUrl) lines.push(`  Trace: ${verdict.traceUrl}`);
  if (verdict.collector !== undefined) {
    lines.push(...(typeof verdict.collector === "string" ? [`  Jaeger's collector counters ${verdict.collector}`] : describeCollector(verdict.collector)));
  }
  if (verdict.error) {
    lines.push("", `  Could not verify: ${verdict.error.endpoint}: ${verdict.error.message}`, `  Likely cause: ${verdict.error.hint}`);
  }
  if (verdict.waterfall) {
    lines.push("", "  The traced Search call, as Jaeger holds it:", ...renderWaterfall(verdict.waterfall, 98).map((line) => `  ${line}`));
    lines.push(...(verdict.waterfallNote ?? []).map((line) => `  ${line}`));
  }
  const passed = verdict.checks.filter((check) => check.passed).length;
  const notRun = verdict.checks.filter((check) => !check.ran).length;
  const counts = `${passed} passed, ${verdict.checks.length - passed - notRun} failed${notRun > 0 ? `, ${notRun} not run` : ""}`;
  lines.push("", `verify: ${verdict.status.toUpperCase()} (${counts}) exit=${verdict.exitCode}`);
  return lines.join("\n");
}
