import type { CheckResult } from "./checks";
import { EXIT, type ExitCode } from "./exitCodes";
import { seconds } from "./seconds";
import { renderWaterfall, type Waterfall } from "./waterfall";
import { describeServers, type ServerVersions } from "./serverVersions";
import type { WorkloadCall } from "./workload";

export interface Verdict {
  status: "pass" | "fail" | "error" | "usage";
  exitCode: ExitCode;
  source: string;
  /** undefined when the run ended before it knew where to go. */
  endpoints: { milvus: string; jaegerQuery: string; otlp: string; secure: boolean } | undefined;
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
  checks: CheckResult[];
  /** The traced Search call as Jaeger holds it: the client span and Milvus's spans below it. */
  waterfall: Waterfall | undefined;
  /** Why the waterfall lacks spans that Jaeger will have later, and how to see them then. */
  waterfallNote: string[] | undefined;
  /** Why the run ended with exit code 2 (or 64 for a usage error found while resolving the target). */
  error: { endpoint: string; message: string; hint: string } | undefined;
}

export function exitCodeOf(checks: readonly CheckResult[], error: Verdict["error"]): ExitCode {
  if (error) return EXIT.error;
  return checks.every((check) => check.passed) ? EXIT.pass : EXIT.fail;
}

export function statusOf(exitCode: ExitCode): Verdict["status"] {
  if (exitCode === EXIT.pass) return "pass";
  if (exitCode === EXIT.fail) return "fail";
  return exitCode === EXIT.usage ? "usage" : "error";
}

/** The verdict of a run that stopped before any call: the target could not be resolved. */
export function unresolvedVerdict(
  source: string,
  exitCode: ExitCode,
  error: NonNullable<Verdict["error"]>,
  timings: Pick<Verdict["timings"], "startupMs" | "totalMs">,
): Verdict {
  return {
    status: statusOf(exitCode),
    exitCode,
    source,
    endpoints: undefined,
    servers: undefined,
    traceId: undefined,
    traceUrl: undefined,
    timings: { startupMs: timings.startupMs, targetMs: undefined, workloadMs: undefined, traceCompleteMs: undefined, totalMs: timings.totalMs },
    calls: [],
    checks: [],
    waterfall: undefined,
    waterfallNote: undefined,
    error,
  };
}

const ms = (value: number | undefined): string => (value === undefined ? "-" : seconds(value));

/** The verdict for a person; its last line is stable for scripts: `verify: PASS|FAIL|ERROR ...`. */
export function renderText(verdict: Verdict): string {
  const { endpoints } = verdict;
  const lines = [`Milvus request tracing (${verdict.source})`];
  if (endpoints) {
    lines.push(`  Milvus ${endpoints.milvus}   Jaeger ${endpoints.jaegerQuery}   OTLP ${endpoints.otlp} (${endpoints.secure ? "TLS" : "plaintext"})`);
  }
  lines.push(...(verdict.servers ? describeServers(verdict.servers) : []), "");
  const width = Math.max(...verdict.checks.map((check) => check.name.length), 10);
  verdict.checks.forEach((check, index) => {
    lines.push(`  ${check.passed ? "✔" : "✘"} ${index + 1}. ${check.name.padEnd(width)}  ${check.detail}`);
  });
  if (verdict.calls.length > 0) {
    lines.push("", `  Milvus calls: ${verdict.calls.length} succeeded (${verdict.calls.map((call) => call.rpc).join(", ")})`);
  }
  const { startupMs, targetMs, workloadMs, traceCompleteMs, totalMs } = verdict.timings;
  lines.push(`  Timings: start ${ms(startupMs)}, stack outputs ${ms(targetMs)}, workload ${ms(workloadMs)},`);
  lines.push(`           trace complete in Jaeger ${ms(traceCompleteMs)} after flush, verdict at ${ms(totalMs)}`);
  if (verdict.traceUrl) lines.push(`  Trace: ${verdict.traceUrl}`);
  if (verdict.error) {
    lines.push("", `  Could not verify: ${verdict.error.endpoint}: ${verdict.error.message}`, `  Likely cause: ${verdict.error.hint}`);
  }
  if (verdict.waterfall) {
    lines.push("", "  The traced Search call, as Jaeger holds it:", ...renderWaterfall(verdict.waterfall, 98).map((line) => `  ${line}`));
    lines.push(...(verdict.waterfallNote ?? []).map((line) => `  ${line}`));
  }
  const failed = verdict.checks.filter((check) => !check.passed).length;
  lines.push("", `verify: ${verdict.status.toUpperCase()} (${verdict.checks.length - failed} passed, ${failed} failed) exit=${verdict.exitCode}`);
  return lines.join("\n");
}
