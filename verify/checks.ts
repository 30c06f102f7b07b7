import type { ForwardCounters } from "./collectorCounters";
import { exactInterval, SAMPLING_CONFIDENCE } from "./exactInterval";
import { EXIT, type ExitCode } from "./exitCodes";
import { UsageError } from "./options";
import { seconds } from "./seconds";
import type { SpanServices, TraceAnalysis } from "./traceAnalysis";
import { VerifyError, type Diagnosis } from "./verifyError";
import type { TraceEvidence } from "./waitForJaeger";
import { pendingEngineSpansNote, searchWaterfall, waterfallHasService, type Waterfall } from "./waterfall";
import type { WorkloadCall } from "./workload";

/**
 * Every check and every diagnosis of a verify run. The steps (target, workload, trace, sampling)
 * only gather evidence; `judge` alone turns it into check lines, so a run that stopped early still
 * accounts for every check it set out to make.
 */

export interface CheckResult {
  name: string;
  passed: boolean;
  /** false: an earlier step stopped the run before this check could be made (`detail` says which). */
  ran: boolean;
  detail: string;
}

/** The run's steps, in order; each needs what the ones before it found. */
export const STEPS = ["target", "workload", "trace", "backend", "sampling"] as const;
export type Step = (typeof STEPS)[number];

/** The steps whose findings are judged by checks: the trace always, the sampling with --sampling. */
export type CheckedStep = Extract<Step, "trace" | "backend" | "sampling">;

export const CHECK_NAMES = {
  trace: "trace in Jaeger",
  clientSpans: "client span per RPC",
  serverSpans: "Milvus server spans in the trace",
  sampling: "sampling of untraced calls",
  /** Printed only when Milvus answered but a workload step went wrong (an error status, a wrong result). */
  workload: "Milvus workload",
} as const;

/** Everything the steps found; a step that did not run leaves its part undefined. */
export interface Evidence {
  /** The steps whose checks this run makes. */
  checked: readonly CheckedStep[];
  /** Where the run stopped early and what stopped it; undefined when every step ran. */
  stopped: { step: Step; cause: unknown } | undefined;
  /** Known once the target is. */
  services: SpanServices | undefined;
  otlp: { endpoint: string; secure: boolean } | undefined;
  traceId: string | undefined;
  calls: readonly WorkloadCall[];
  /** Why the client's span exports failed, newest last. */
  exportFailures: readonly string[];
  trace: TraceEvidence | undefined;
  /** The team's backend (--backend-query), where Jaeger forwards; undefined without one. */
  backendUrl?: string | undefined;
  backendTrace?: TraceEvidence | undefined;
  /** Jaeger's forwarder over the run (its counters), when they were read. */
  forward?: ForwardCounters | undefined;
  /** `tailBaselinePercent`: under tail sampling, the share of these calls' traces the collector keeps. */
  sampling: { recorded: number; calls: number; sampleFraction: number; tailBaselinePercent?: number } | undefined;
}

/** The steps whose checks a run makes: the sampling check only with --sampling N. */
export function checkedSteps(samplingCalls: number, backend: "none" | "also" | "only" = "none"): CheckedStep[] {
  const traces: CheckedStep[] = backend === "none" ? ["trace"] : backend === "also" ? ["trace", "backend"] : ["backend"];
  return samplingCalls > 0 ? [...traces, "sampling"] : traces;
}

/** A run that has found nothing yet. */
export function noEvidence(checked: readonly CheckedStep[]): Evidence {
  return { checked, stopped: undefined, services: undefined, otlp: undefined, traceId: undefined, calls: [], exportFailures: [], trace: undefined, sampling: undefined };
}

export interface Judgement {
  exitCode: ExitCode;
  checks: CheckResult[];
  /** Why the run ended with exit code 2 (or 64): what stopped it, or what the evidence points to. */
  error: Diagnosis | undefined;
  /** The traced Search call as Jaeger holds it. */
  waterfall: Waterfall | undefined;
  /** Why the waterfall lacks spans Jaeger will have later, and how to see them then. */
  waterfallNote: string[] | undefined;
}

/** What stopped a run, sorted: an unreachable endpoint, a refused option, or a step that went wrong. */
interface Stop {
  step: Step;
  error: Diagnosis | undefined;
  usage: boolean;
  /** A step's own failure (Milvus answered wrongly, say): it fails the step's first check. */
  failure: string | undefined;
}

function stopOf(stopped: Evidence["stopped"]): Stop | undefined {
  if (!stopped) return undefined;
  const { step, cause } = stopped;
  if (cause instanceof VerifyError) return { step, error: cause.diagnosis, usage: false, failure: undefined };
  if (cause instanceof UsageError) {
    return { step, error: { endpoint: "command line", message: cause.message, hint: "See `npm run verify -- --help`." }, usage: true, failure: undefined };
  }
  return { step, error: undefined, usage: false, failure: cause instanceof Error ? cause.message : String(cause) };
}

const NOT_RUN_BECAUSE: Record<Step, string> = {
  target: "the endpoints could not be resolved",
  workload: "the Milvus workload did not finish",
  trace: "Jaeger could not be asked for the trace",
  backend: "the backend could not be asked for the trace",
  sampling: "the untraced calls did not finish",
};

const passedOrFailed = (name: string, passed: boolean, detail: string): CheckResult => ({ name, passed, ran: true, detail });
const notRun = (name: string, reason: string): CheckResult => ({ name, passed: false, ran: false, detail: `not run: ${reason}` });
const notRunAfter = (name: string, stop: Stop | undefined): CheckResult =>
  notRun(name, stop === undefined ? "no step reached it" : stop.usage ? "the options were refused" : NOT_RUN_BECAUSE[stop.step]);

/** The verdict on what the run found: every planned check, made, failed or not run, and the diagnosis. */
export function judge(evidence: Evidence): Judgement {
  const stop = stopOf(evidence.stopped);
  const checks: CheckResult[] = [];
  if (stop?.step === "workload" && stop.failure !== undefined) checks.push(passedOrFailed(CHECK_NAMES.workload, false, stop.failure));
  if (evidence.checked.includes("trace")) checks.push(...traceStepChecks(evidence, stop));
  if (evidence.checked.includes("backend")) checks.push(...backendStepChecks(evidence, stop));
  if (evidence.checked.includes("sampling")) checks.push(samplingStepCheck(evidence, stop));

  const error = diagnose(evidence) ?? failedForward(evidence) ?? stop?.error;
  return { exitCode: stop?.usage ? EXIT.usage : exitCodeOf(checks, error), checks, error, ...searchCall(evidence) };
}

/** The traced Search call, and a note when Milvus's engine spans below it were still to come. */
function searchCall(evidence: Evidence): Pick<Judgement, "waterfall" | "waterfallNote"> {
  const { trace, services, traceId } = evidence;
  const waterfall = trace?.found.trace && services ? searchWaterfall(trace.found.trace, services.client) : undefined;
  if (!waterfall || !trace || !services || traceId === undefined) return { waterfall, waterfallNote: undefined };
  const { engine } = services.milvus;
  // verify does not wait the C++ exporter's 5 s batches out; Jaeger has them by the time a person looks.
  const pending = !waterfallHasService(waterfall, engine) && trace.jaegerServices.includes(engine);
  return { waterfall, waterfallNote: pending ? pendingEngineSpansNote(traceId, engine) : undefined };
}

export function exitCodeOf(checks: readonly CheckResult[], error: Diagnosis | undefined): ExitCode {
  if (error) return EXIT.error;
  return checks.every((check) => check.passed) ? EXIT.pass : EXIT.fail;
}

function traceStepChecks(evidence: Evidence, stop: Stop | undefined): CheckResult[] {
  const { trace, services } = evidence;
  if (trace && services) return traceChecks(trace.found.analysis, evidence.calls, trace.waitedMs, services.milvus.server);
  if (stop?.step === "trace" && stop.failure !== undefined) {
    return [
      passedOrFailed(CHECK_NAMES.trace, false, `could not read it: ${stop.failure}`),
      notRun(CHECK_NAMES.clientSpans, "no trace to look at"),
      notRun(CHECK_NAMES.serverSpans, "no trace to look at"),
    ];
  }
  return [CHECK_NAMES.trace, CHECK_NAMES.clientSpans, CHECK_NAMES.serverSpans].map((name) => notRunAfter(name, stop));
}

/** The trace checks again, against the backend, each named for it. */
function backendStepChecks(evidence: Evidence, stop: Stop | undefined): CheckResult[] {
  const names = backendCheckNames(evidence.backendUrl ?? "?");
  const { backendTrace, services } = evidence;
  const checks =
    backendTrace && services
      ? traceChecks(backendTrace.found.analysis, evidence.calls, backendTrace.waitedMs, services.milvus.server)
      : stop?.step === "backend" && stop.failure !== undefined
        ? [passedOrFailed(CHECK_NAMES.trace, false, `could not read it: ${stop.failure}`), notRun(CHECK_NAMES.clientSpans, "no trace to look at"), notRun(CHECK_NAMES.serverSpans, "no trace to look at")]
        : [CHECK_NAMES.trace, CHECK_NAMES.clientSpans, CHECK_NAMES.serverSpans].map((name) => notRunAfter(name, stop));
  return checks.map((check, index) => ({ ...check, name: names[index] ?? check.name }));
}

export function backendCheckNames(url: string): [string, string, string] {
  return [`trace in the backend ${url}`, `backend: ${CHECK_NAMES.clientSpans}`, `backend: ${CHECK_NAMES.serverSpans}`];
}

/**
 * The backend lacks the trace (or part of it) and Jaeger's forwarder counted spans it could not
 * deliver, or delivered none: the forward is broken, not the tracing, so exit 2 naming the backend.
 */
export function failedForward(evidence: Pick<Evidence, "checked" | "backendUrl" | "backendTrace" | "forward" | "calls">): Diagnosis | undefined {
  const { forward, backendTrace, backendUrl } = evidence;
  if (!evidence.checked.includes("backend") || !forward || backendUrl === undefined) return undefined;
  const analysis = backendTrace?.found.analysis;
  const complete = analysis !== undefined && analysis.missingRpcs.length === 0 && analysis.linkedServerSpans > 0 && evidence.calls.length > 0;
  const lost = forward.failed + forward.enqueueFailed;
  if (complete || (lost === 0 && forward.sent > 0)) return undefined;
  return {
    endpoint: `backend ${backendUrl} (Jaeger's forwarder ${forward.exporter})`,
    message: `Jaeger's forwarder ${lost > 0 ? `could not deliver ${lost} spans` : "delivered no span"} while verify ran (${forward.sent} sent, ${forward.failed} failed, ${forward.enqueueFailed} found its queue full, ${forward.queueSize} queued for retry): ${forwardCause(forward)}`,
    hint: forwardHint(forward),
  };
}

/**
 * Jaeger 2.13's exporter counters carry no error label, but the exporter's retry tells the two
 * kinds of failure apart: an answer it may not retry (gRPC Unauthenticated, HTTP 401/403/400) fails
 * the spans at once, while a backend it cannot reach or finish a TLS handshake with (Unavailable)
 * leaves them queued for retry.
 */
export function forwardCause(forward: ForwardCounters): string {
  if (forward.enqueueFailed > 0) return "the forwarder's queue was full (forwardQueueSpans), so new spans were dropped";
  if (refusedOutright(forward)) return "the backend refused the spans outright, an answer not worth retrying such as Unauthenticated / HTTP 401 (or the retry window ran out)";
  if (forward.queueSize > 0) {
    return (
      "the backend did not take them, and they wait in the queue for retry: either it is unreachable (nothing listening at forwardEndpoint, a wrong address, " +
      "a firewall, or the backend is down) or the TLS handshake with it failed (a certificate forwardCa did not sign, or TLS against a plaintext port). " +
      "Jaeger's counters cannot tell these two apart; its log can"
    );
  }
  return "the backend received nothing from Jaeger's forwarder";
}

const refusedOutright = (forward: ForwardCounters): boolean => forward.failed > 0 && forward.queueSize === 0;

/**
 * Where to look next. Both kinds of a backend that does not answer fail as gRPC Unavailable and
 * are retried alike; only the error on Jaeger's retry lines tells them apart (as Jaeger 2.13 logs
 * them in the integration tier: forward.test.ts reads them).
 */
export function forwardHint(forward: ForwardCounters): string {
  if (forward.enqueueFailed > 0) return "Raise forwardQueueSpans, or bring the backend back sooner: the queue holds spans only while the backend does not take them.";
  if (refusedOutright(forward)) {
    return "Jaeger's log names the backend's answer on its \"Exporting failed\" lines. Check forwardHeaders (the credentials) and what the backend accepts.";
  }
  return (
    "Jaeger's log says which on its \"Exporting failed. Will retry\" lines: \"connect: connection refused\" or \"i/o timeout\" is unreachable " +
    "(check forwardEndpoint from Jaeger's side and that the backend is up); \"tls: failed to verify certificate: x509: ...\" is the handshake " +
    "(check forwardCa against the CA that signed the backend's certificate, or forwardInsecure against a plaintext port). " +
    "Queued spans are sent once the backend answers, for up to forwardRetrySeconds."
  );
}

function samplingStepCheck(evidence: Evidence, stop: Stop | undefined): CheckResult {
  const { sampling } = evidence;
  if (sampling) return samplingCheck(sampling.recorded, sampling.calls, sampling.sampleFraction, sampling.tailBaselinePercent);
  if (stop?.step === "sampling" && stop.failure !== undefined) return passedOrFailed(CHECK_NAMES.sampling, false, stop.failure);
  return notRunAfter(CHECK_NAMES.sampling, stop);
}

/** Checks 1-3 from what Jaeger holds for the workload's trace (undefined: never found). */
export function traceChecks(analysis: TraceAnalysis | undefined, calls: readonly WorkloadCall[], waitedMs: number, serverService: string): CheckResult[] {
  if (!analysis) {
    return [
      passedOrFailed(CHECK_NAMES.trace, false, `not found within ${seconds(waitedMs)}`),
      passedOrFailed(CHECK_NAMES.clientSpans, false, "no trace to look at"),
      passedOrFailed(CHECK_NAMES.serverSpans, false, "no trace to look at"),
    ];
  }
  const matched = calls.length - analysis.missingRpcs.length;
  const sdkCalls = analysis.extraClientSpans > 0 ? ` (+${analysis.extraClientSpans} the SDK made itself)` : "";
  const missing = analysis.missingRpcs.length > 0 ? `; missing: ${[...new Set(analysis.missingRpcs)].join(", ")}` : "";
  return [
    passedOrFailed(CHECK_NAMES.trace, true, `found after ${seconds(waitedMs)}, ${analysis.spanCount} spans`),
    passedOrFailed(
      CHECK_NAMES.clientSpans,
      analysis.missingRpcs.length === 0 && calls.length > 0,
      `${matched}/${calls.length} calls have a client span${sdkCalls}${missing}`,
    ),
    passedOrFailed(
      CHECK_NAMES.serverSpans,
      analysis.linkedServerSpans > 0,
      `${analysis.serverSpans} "${serverService}" spans, ${analysis.linkedServerSpans} descend from a client span ` +
        `(${analysis.clientSpansWithServerChild} of ${analysis.clientRpcSpans} client RPC spans have server spans below them)`,
    ),
  ];
}

/**
 * Check 4: the share of parentless calls kept agrees with Milvus's sampleFraction (times the
 * collector's baseline under tail sampling: these fast, successful calls meet no other policy),
 * judged by an exact 99.9% interval so that a healthy stack fails at most one run in a thousand.
 */
export function samplingCheck(recorded: number, calls: number, sampleFraction: number, tailBaselinePercent?: number): CheckResult {
  const observed = recorded / calls;
  const { low, high } = exactInterval(recorded, calls);
  const interval = `observed ${recorded}/${calls} = ${observed.toFixed(3)}, ${SAMPLING_CONFIDENCE * 100}% interval [${low.toFixed(3)}, ${high.toFixed(3)}]`;
  const expected = tailBaselinePercent === undefined ? sampleFraction : (sampleFraction * tailBaselinePercent) / 100;
  const inside = expected >= low && expected <= high;
  const named = tailBaselinePercent === undefined ? `sampleFraction ${sampleFraction}` : `sampleFraction ${sampleFraction} x tail baseline ${tailBaselinePercent}% = ${Number(expected.toPrecision(6))}`;
  return passedOrFailed(CHECK_NAMES.sampling, inside, `${interval}; ${named} ${inside ? "inside" : "OUTSIDE"}`);
}

/** What the trace's failed checks point to, when the evidence names a cause. */
function diagnose(evidence: Evidence): Diagnosis | undefined {
  const { trace, services, otlp } = evidence;
  if (!trace || !services || !otlp) return undefined;
  const analysis = trace.found.analysis;
  if (!analysis || analysis.clientRpcSpans === 0) return undeliveredClientSpans(evidence.exportFailures, otlp);
  if (analysis.serverSpans === 0) return missingServerSpans(trace.jaegerServices, services.milvus.server);
  return undefined;
}

/**
 * The client's spans never arrived (the trace may still hold Milvus's): most often the client's
 * exporter could not talk to the receiver.
 */
export function undeliveredClientSpans(exportFailures: readonly string[], otlp: { endpoint: string; secure: boolean }): Diagnosis | undefined {
  if (exportFailures.length === 0) return undefined;
  return {
    endpoint: otlp.endpoint,
    message: `the OTLP receiver did not accept the client's spans (${exportFailures[exportFailures.length - 1] ?? ""})`,
    hint: otlp.secure
      ? "TLS was used: is the receiver serving TLS, and is its certificate signed by the CA given (stack output caCertificate / --ca-file)?"
      : "Plaintext was used: if the receiver serves TLS, set secure (--secure) and give its CA; else is Jaeger running?",
  };
}

/** The client's spans arrived but none of Milvus's: tell a broken Milvus exporter from broken propagation. */
export function missingServerSpans(jaegerServices: readonly string[], serverService: string): Diagnosis | undefined {
  if (jaegerServices.includes(serverService)) return undefined;
  return {
    endpoint: "Milvus -> Jaeger OTLP export (trace.* in Milvus's config)",
    message: `Jaeger has never received a span from Milvus (no service "${serverService}")`,
    hint:
      "Milvus's trace.otlp.secure must match the receiver: Milvus defaults it to true, so a plaintext receiver needs secure: false written out, " +
      "and a TLS receiver needs secure: true with the CA in SSL_CERT_FILE. Also check trace.exporter is otlp, the endpoint resolves from Milvus, " +
      "and that Milvus was restarted after the change (trace settings are read at start).",
  };
}
