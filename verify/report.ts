import type { CheckResult } from "./checks";
import { seconds } from "./seconds";
import { describeServers, type ServerVersions } from "./serverVersions";
import type { WorkloadCall } from "./workload";

export interface Verdict {
  status: "pass" | "fail" | "error";
  exitCode: 0 | 1 | 2;
  source: string;
  endpoints: { milvus: string; jaegerQuery: string; otlp: string; secure: boolean };
  /** What runs: each server's own version and the image behind it. */
  servers: ServerVersions;
  traceId: string | undefined;
  traceUrl: string | undefined;
  timings: { workloadMs: number | undefined; traceCompleteMs: number | undefined; totalMs: number };
  calls: WorkloadCall[];
  checks: CheckResult[];
  /** Why the run ended with exit code 2. */
  error: { endpoint: string; message: string; hint: string } | undefined;
}

export function exitCodeOf(checks: readonly CheckResult[], error: Verdict["error"]): 0 | 1 | 2 {
  if (error) return 2;
  return checks.every((check) => check.passed) ? 0 : 1;
}

export function statusOf(exitCode: 0 | 1 | 2): Verdict["status"] {
  return exitCode === 0 ? "pass" : exitCode === 1 ? "fail" : "error";
}

const ms = (value: number | undefined): string => (value === undefined ? "-" : seconds(value));

/** The verdict for a person; its last line is stable for scripts: `verify: PASS|FAIL|ERROR ...`. */
export function renderText(verdict: Verdict): string {
  const { endpoints } = verdict;
  const lines = [
    `Milvus request tracing (${verdict.source})`,
    `  Milvus ${endpoints.milvus}   Jaeger ${endpoints.jaegerQuery}   OTLP ${endpoints.otlp} (${endpoints.secure ? "TLS" : "plaintext"})`,
    ...describeServers(verdict.servers),
    "",
  ];
  const width = Math.max(...verdict.checks.map((check) => check.name.length), 10);
  verdict.checks.forEach((check, index) => {
    lines.push(`  ${check.passed ? "✔" : "✘"} ${index + 1}. ${check.name.padEnd(width)}  ${check.detail}`);
  });
  if (verdict.calls.length > 0) {
    lines.push("", `  Milvus calls: ${verdict.calls.length} succeeded (${verdict.calls.map((call) => call.rpc).join(", ")})`);
  }
  lines.push(`  Timings: workload ${ms(verdict.timings.workloadMs)}, trace complete in Jaeger ${ms(verdict.timings.traceCompleteMs)} after flush, total ${ms(verdict.timings.totalMs)}`);
  if (verdict.traceUrl) lines.push(`  Trace: ${verdict.traceUrl}`);
  if (verdict.error) {
    lines.push("", `  Could not verify: ${verdict.error.endpoint}: ${verdict.error.message}`, `  Likely cause: ${verdict.error.hint}`);
  }
  const failed = verdict.checks.filter((check) => !check.passed).length;
  lines.push("", `verify: ${verdict.status.toUpperCase()} (${verdict.checks.length - failed} passed, ${failed} failed) exit=${verdict.exitCode}`);
  return lines.join("\n");
}
