import { parseArgs } from "node:util";
import { durationExpectation, MIN_DURATION_RULE, parseDuration, SINCE_RULE, type DurationRule } from "./durationText";
import { EXIT } from "./exitCodes";
import { BACKEND_APIS, type BackendApi } from "./jaegerQuery";
import { loginFromEnv, type Login } from "./login";

/** --find's list, by default and at most; Jaeger is asked for more (traceList.ts's searchDepth). */
export const FIND_LIMIT = { default: 20, max: 200 } as const;

/** `--find`: which traces of the stack's Jaeger to list. */
export interface FindOptions {
  /** The service a trace must have a span of; undefined: Milvus's server service (the stack's milvusSpanServices). */
  service: string | undefined;
  operation: string | undefined;
  minDurationUs: number | undefined;
  /** The window: this far back from now, in microseconds, and as given ("1h"). */
  sinceUs: number;
  since: string;
  limit: number;
}

/** Enough untraced calls to tell a sampleFraction of 0.1 from 0.5 (see exactInterval.test.ts). */
export const SUGGESTED_SAMPLING_CALLS = 200;

export interface VerifyOptions {
  /** Pulumi stack whose outputs name the endpoints; unused when every endpoint is given. */
  stack: string | undefined;
  milvusAddress: string | undefined;
  jaegerQueryUrl: string | undefined;
  jaegerUiUrl: string | undefined;
  otlpEndpoint: string | undefined;
  secure: boolean | undefined;
  caFile: string | undefined;
  sampleFraction: number | undefined;
  /** Under tail sampling: the collector's baseline percentage and decision wait (stack output tailSampling). */
  tailBaselinePercent: number | undefined;
  tailDecisionWaitSeconds: number | undefined;
  /** Jaeger's collector metrics (Prometheus), for its drops and refusals over the run. */
  jaegerMetricsUrl: string | undefined;
  serviceName: string;
  /** Calls sent without trace context for the sampling check; 0 skips it. */
  sampling: number;
  timeoutSeconds: number;
  json: boolean;
  /** Print this trace of the stack's Jaeger as a waterfall instead of verifying. */
  showTraceId: string | undefined;
  /** List the traces of a window instead of verifying. */
  find: FindOptions | undefined;
  /** Logins from the environment, over the stack's `credentials`. */
  milvusLogin: Login | undefined;
  jaegerLogin: Login | undefined;
  /** The team's backend, where Jaeger forwards: its Jaeger-compatible query API. */
  backendQueryUrl: string | undefined;
  /** How the backend answers a query by trace id: Jaeger's JSON, or OTLP JSON (Tempo, Jaeger's api_v3). */
  backendApi: BackendApi;
  backendLogin: Login | undefined;
  /** Jaeger keeps nothing (forwardMode forward-only): the trace is looked for in the backend only. */
  forwardOnly: boolean;
}

export const USAGE = `Usage: npm run verify -- [options]

Proves that a Milvus request is traced end to end: the client's spans and Milvus's own server
spans (the services the stack outputs as milvusSpanServices; "standalone" and "segcore" without
a stack) arrive in Jaeger in one trace.

Endpoints come from the Pulumi stack's outputs, or from these options (env in brackets):
  --stack NAME            Pulumi stack to read outputs from (default: the selected stack)
  --milvus HOST:PORT      Milvus gRPC address                 [VERIFY_MILVUS_ADDRESS]
  --jaeger-query URL      Jaeger query API, e.g. http://127.0.0.1:16686 [VERIFY_JAEGER_QUERY_URL]
  --jaeger-ui URL         Jaeger UI for trace links (default: the query URL) [VERIFY_JAEGER_UI_URL]
  --otlp HOST:PORT        Jaeger OTLP gRPC receiver            [VERIFY_OTLP_ENDPOINT]
  --secure / --no-secure  TLS on the OTLP link                 [VERIFY_SECURE=true|false]
  --ca-file PATH          CA certificate to trust for OTLP TLS [VERIFY_CA_FILE]
  --sample-fraction F     Milvus's sampleFraction, for --sampling [VERIFY_SAMPLE_FRACTION]
  --tail-baseline P       tail sampling: the collector keeps P% of the other traces, so
                          --sampling expects sampleFraction x P/100 [VERIFY_TAIL_BASELINE_PERCENT]
  --tail-decision-wait S  tail sampling: seconds before the collector decides [VERIFY_TAIL_DECISION_WAIT]
  --jaeger-metrics URL    Jaeger's collector metrics (default: the stack output jaegerMetricsUrl),
                          to report its drops and refusals while verify ran [VERIFY_JAEGER_METRICS_URL]

Where Jaeger forwards (forwardMode), the team's backend:
  --backend-query URL     where verify looks for its trace as well, and counts Jaeger's
                          forwarder's sends and failures over the run (from --jaeger-metrics)
                          [VERIFY_BACKEND_QUERY_URL]; read as --backend-api says:
  --backend-api FORM      jaeger (default): URL is a Jaeger query API, read at URL/api/traces/ID;
                          otlp-json: URL is a trace endpoint answering OTLP JSON at URL/ID, e.g.
                          Tempo's http://tempo:3200/api/v2/traces (or /api/traces) or Jaeger v2's
                          http://jaeger:16686/api/v3/traces [VERIFY_BACKEND_API]
  --forward-only          Jaeger keeps nothing (forwardMode forward-only): look in the backend
                          only; needs --backend-query [VERIFY_FORWARD_ONLY=true]

Logins, when a server asks for one (the stack's credentials output, or these; environment only):
  VERIFY_MILVUS_USER, VERIFY_MILVUS_PASSWORD    Milvus (root and its generated password)
  VERIFY_JAEGER_USER, VERIFY_JAEGER_PASSWORD    Jaeger's query API (basic auth)
  VERIFY_BACKEND_USER, VERIFY_BACKEND_PASSWORD  the backend's query API (basic auth)

  --service-name NAME     service.name of the client spans (default milvus-verify)
  --sampling N            also send N calls without trace context and check that the share
                          Milvus recorded matches its sampleFraction (from the stack or
                          --sample-fraction): it must lie in the exact (Clopper-Pearson) 99.9%
                          interval of the observed share, so a healthy stack fails at most one
                          run in a thousand; ${SUGGESTED_SAMPLING_CALLS} calls tell 0.1 from 0.5
  --timeout SECONDS       bound on every wait (default 60)
  --json                  print the verdict as JSON on stdout
  --show TRACE_ID         print a trace of the stack's Jaeger as a waterfall (or JSON), no calls
  --find                  list the traces of the stack's Jaeger in a window, slowest first, each
                          with its slowest server step and whether a span failed (or JSON), no calls:
    --service NAME          traces with a span of this service (default: Milvus's, "standalone")
    --operation NAME        ... a span of this operation of that service
    --min-duration D        ... a span of it lasting at least D, e.g. 200ms or 1.5s
    --since D               the window: the last D, e.g. 15m or 2h (default 1h)
    --limit N               list at most N traces, 1 to ${FIND_LIMIT.max} (default ${FIND_LIMIT.default})
  --help

The text report ends with a waterfall of the traced Search call: the client span, Milvus's spans
below it with their start offset and duration, the slowest server step marked with *.

Exit codes: ${EXIT.pass} every check passed, ${EXIT.fail} a check failed (--show: trace not found; --find: none matched),
${EXIT.error} something was unreachable or misconfigured, ${EXIT.usage} usage error (bad option or value).`;

export class UsageError extends Error {}

/** Options from argv, falling back to VERIFY_* environment variables. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): VerifyOptions | "help" {
  const values = parseArgv(argv);
  if (values.help) return "help";

  const secureText = values.secure ? "true" : values["no-secure"] ? "false" : env.VERIFY_SECURE;
  if (secureText !== undefined && secureText !== "true" && secureText !== "false") {
    throw new UsageError(`VERIFY_SECURE = ${JSON.stringify(secureText)} is not allowed: expected true or false`);
  }
  const fractionText = values["sample-fraction"] ?? env.VERIFY_SAMPLE_FRACTION;
  const forwardOnly = values["forward-only"] === true || env.VERIFY_FORWARD_ONLY === "true";
  const backendQueryUrl = values["backend-query"] ?? env.VERIFY_BACKEND_QUERY_URL;
  if (forwardOnly && backendQueryUrl === undefined) {
    throw new UsageError("--forward-only needs --backend-query URL: Jaeger keeps nothing then, so the trace can only be looked for in the backend");
  }
  const backendApiText = values["backend-api"] ?? env.VERIFY_BACKEND_API;
  const backendApi = BACKEND_APIS.find((api) => api === (backendApiText ?? "jaeger"));
  if (backendApi === undefined) throw new UsageError(`--backend-api = ${JSON.stringify(backendApiText)} is not allowed: expected ${BACKEND_APIS.join(" or ")}`);
  if (backendApiText !== undefined && backendQueryUrl === undefined) throw new UsageError("--backend-api needs --backend-query URL: it says how that URL answers");
  if (forwardOnly && backendApi === "otlp-json" && values.sampling !== undefined) {
    throw new UsageError("--sampling with --forward-only needs --backend-api jaeger: it counts traces by a search, and verify reads OTLP JSON by trace id only");
  }
  if (values.show !== undefined && !/^([0-9a-f]{16}|[0-9a-f]{32})$/i.test(values.show)) {
    throw new UsageError(`--show = ${JSON.stringify(values.show)} is not allowed: expected a trace id of 16 or 32 hex digits`);
  }
  return {
    stack: values.stack,
    milvusAddress: values.milvus ?? env.VERIFY_MILVUS_ADDRESS,
    jaegerQueryUrl: values["jaeger-query"] ?? env.VERIFY_JAEGER_QUERY_URL,
    jaegerUiUrl: values["jaeger-ui"] ?? env.VERIFY_JAEGER_UI_URL,
    otlpEndpoint: values.otlp ?? env.VERIFY_OTLP_ENDPOINT,
    secure: secureText === undefined ? undefined : secureText === "true",
    caFile: values["ca-file"] ?? env.VERIFY_CA_FILE,
    sampleFraction: fractionText === undefined ? undefined : numberIn("--sample-fraction", fractionText, 0, 1, false),
    tailBaselinePercent: optionalNumber("--tail-baseline", values["tail-baseline"] ?? env.VERIFY_TAIL_BASELINE_PERCENT, 0, 100, false),
    tailDecisionWaitSeconds: optionalNumber("--tail-decision-wait", values["tail-decision-wait"] ?? env.VERIFY_TAIL_DECISION_WAIT, 1, 300, true),
    jaegerMetricsUrl: values["jaeger-metrics"] ?? env.VERIFY_JAEGER_METRICS_URL,
    serviceName: values["service-name"] ?? "milvus-verify",
    sampling: values.sampling === undefined ? 0 : numberIn("--sampling", values.sampling, 1, 100_000, true),
    timeoutSeconds: values.timeout === undefined ? 60 : numberIn("--timeout", values.timeout, 1, 3600, false),
    json: values.json ?? false,
    showTraceId: values.show?.toLowerCase(),
    find: findOptions(values),
    milvusLogin: loginFromEnv(env, "VERIFY_MILVUS"),
    jaegerLogin: loginFromEnv(env, "VERIFY_JAEGER"),
    backendQueryUrl,
    backendApi,
    backendLogin: loginFromEnv(env, "VERIFY_BACKEND"),
    forwardOnly,
  };
}

const OPTIONS = {
  stack: { type: "string" },
  milvus: { type: "string" },
  "jaeger-query": { type: "string" },
  "jaeger-ui": { type: "string" },
  otlp: { type: "string" },
  secure: { type: "boolean" },
  "no-secure": { type: "boolean" },
  "ca-file": { type: "string" },
  "sample-fraction": { type: "string" },
  "tail-baseline": { type: "string" },
  "tail-decision-wait": { type: "string" },
  "jaeger-metrics": { type: "string" },
  "service-name": { type: "string" },
  sampling: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  show: { type: "string" },
  find: { type: "boolean" },
  service: { type: "string" },
  operation: { type: "string" },
  "min-duration": { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
  help: { type: "boolean" },
  "backend-query": { type: "string" },
  "forward-only": { type: "boolean" },
  "backend-api": { type: "string" },
} as const;

const FIND_ONLY = ["service", "operation", "min-duration", "since", "limit"] as const;

function findOptions(values: ReturnType<typeof parseArgv>): FindOptions | undefined {
  if (!values.find) {
    const stray = FIND_ONLY.find((name) => values[name] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} is not allowed without --find: expected it with --find, which lists the traces it filters`);
    return undefined;
  }
  if (values.show !== undefined) throw new UsageError("--find and --show are not allowed together: expected one, --find to list traces or --show to print one");
  for (const name of ["service", "operation"] as const) {
    if (values[name]?.trim() === "") throw new UsageError(`--${name} = "" is not allowed: expected a name as Jaeger lists it`);
  }
  const since = values.since ?? "1h";
  return {
    service: values.service,
    operation: values.operation,
    minDurationUs: values["min-duration"] === undefined ? undefined : durationIn("--min-duration", values["min-duration"], MIN_DURATION_RULE),
    sinceUs: durationIn("--since", since, SINCE_RULE),
    since,
    limit: values.limit === undefined ? FIND_LIMIT.default : numberIn("--limit", values.limit, 1, FIND_LIMIT.max, true),
  };
}

function durationIn(flag: string, text: string, rule: DurationRule): number {
  const micros = parseDuration(text, rule);
  if (micros === undefined) throw new UsageError(`${flag} = ${JSON.stringify(text)} is not allowed: expected ${durationExpectation(rule)}`);
  return micros;
}

/** node's parseArgs throws a TypeError for an unknown option: it is a usage error like any other. */
function parseArgv(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function optionalNumber(flag: string, text: string | undefined, min: number, max: number, whole: boolean): number | undefined {
  return text === undefined ? undefined : numberIn(flag, text, min, max, whole);
}

function numberIn(flag: string, text: string, min: number, max: number, whole: boolean): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new UsageError(`${flag} = ${JSON.stringify(text)} is not allowed: expected ${whole ? "a whole number" : "a number"} from ${min} to ${max}`);
  }
  return value;
}
