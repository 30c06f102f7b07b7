import { readFileSync } from "node:fs";
import { pulumiOutput } from "../scripts/pulumiCli";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../components/services/milvusSpanServices";
import type { ForwardedOutput, StackOutputsJson } from "../components/stackOutputs";
import { forwardKubernetesPorts, type KubernetesOutputsJson } from "./kubernetesPortForward";
import type { Login } from "./login";
import { UsageError, type VerifyOptions } from "./options";
import { VerifyError } from "./verifyError";

/** Where verify sends calls, spans and queries, as reachable from this machine, under the stack outputs' names. */
export interface VerifyTarget
  extends Pick<StackOutputsJson, "milvusAddress" | "jaegerQueryUrl" | "jaegerUiUrl" | "otlpEndpoint" | "secure" | "milvusSpanServices"> {
  caPem: string | undefined;
  sampleFraction: number | undefined;
  /** Under tail sampling (the stack's tailSampling output, or --tail-baseline). */
  tail: { baselinePercent: number; decisionWaitSeconds: number } | undefined;
  jaegerMetricsUrl: string | undefined;
  /** The stack's configured and deployed images; undefined for addresses given on the command line. */
  images: StackOutputsJson["images"] | undefined;
  source: string;
  milvusLogin: Login | undefined;
  jaegerLogin: Login | undefined;
  /** Stops whatever the target opened (port-forwards). */
  close(): Promise<void>;
}

/**
 * A stack's outputs as verify reads them: a stack deployed by an older version of this program
 * may lack the newer ones.
 */
export type ReadOutputs = Partial<StackOutputsJson>;

/** Every endpoint on the command line: no stack is read. */
function allOnCommandLine(options: VerifyOptions): boolean {
  return options.milvusAddress !== undefined && options.jaegerQueryUrl !== undefined && options.otlpEndpoint !== undefined;
}

/** Where the endpoints come from, as the report names it. */
export function sourceOf(options: VerifyOptions): string {
  const queryingFromCommandLine = queriesJaegerOnly(options) && options.jaegerQueryUrl !== undefined;
  return allOnCommandLine(options) || queryingFromCommandLine ? "command line" : `stack ${options.stack ?? "(selected)"}`;
}

/** --show and --find make no calls: they need Jaeger's query API alone. */
export function queriesJaegerOnly(options: Pick<VerifyOptions, "showTraceId" | "find">): boolean {
  return options.showTraceId !== undefined || options.find !== undefined;
}

/** What --show and --find read: Jaeger's query API and the services Milvus's spans carry. */
export type JaegerTarget = Pick<VerifyTarget, "jaegerQueryUrl" | "jaegerLogin" | "milvusSpanServices" | "close">;

/**
 * --jaeger-query as given (Milvus's spans taken for a standalone's), or the stack's outputs,
 * port-forwarded on Kubernetes like a verify run.
 */
export async function resolveJaegerTarget(options: VerifyOptions): Promise<JaegerTarget> {
  if (options.jaegerQueryUrl === undefined) return resolveTarget(options);
  return { jaegerQueryUrl: options.jaegerQueryUrl, jaegerLogin: options.jaegerLogin, milvusSpanServices: MILVUS_STANDALONE_SPAN_SERVICES, close: () => Promise.resolve() };
}

export async function resolveTarget(options: VerifyOptions): Promise<VerifyTarget> {
  if (allOnCommandLine(options)) return { ...targetOf(options, {}), close: () => Promise.resolve() };
  const outputs = await readStackOutputs(options.stack);
  const base = targetOf(options, outputs);
  const kubernetes = outputs.kubernetes;
  // Addresses given on the command line are used as they are; only the stack's are forwarded.
  const toForward: KubernetesOutputsJson["portForwards"] = {};
  for (const [output, target] of Object.entries(kubernetes?.portForwards ?? {}) as [ForwardedOutput, { service: string; port: number }][]) {
    if (options[output] === undefined) toForward[output] = target;
  }
  if (!kubernetes || Object.keys(toForward).length === 0) return { ...base, close: () => Promise.resolve() };

  // Cluster DNS names do not resolve here: reach those Services through port-forwards.
  const forwards = await forwardKubernetesPorts({ ...kubernetes, portForwards: toForward }, options.timeoutSeconds);
  const { milvusAddress: milvus, jaegerQueryUrl: query, otlpEndpoint: otlp, jaegerMetricsUrl: metrics } = forwards.addresses;
  const queryUrl = query === undefined ? base.jaegerQueryUrl : `http://${query}`;
  return {
    ...base,
    milvusAddress: milvus ?? base.milvusAddress,
    jaegerQueryUrl: queryUrl,
    jaegerUiUrl: options.jaegerUiUrl ?? (query === undefined ? base.jaegerUiUrl : queryUrl),
    // The certificate names localhost, not the forward's 127.0.0.1.
    otlpEndpoint: otlp === undefined ? base.otlpEndpoint : otlp.replace("127.0.0.1", "localhost"),
    jaegerMetricsUrl: metrics === undefined ? base.jaegerMetricsUrl : `http://${metrics}`,
    source: `${base.source} via port-forward`,
    close: () => forwards.close(),
  };
}

/**
 * The target before any port-forward: the command line's values over the stack's outputs (`{}`
 * when every endpoint is on the command line). Without a stack, or with one deployed before it
 * output milvusSpanServices, Milvus's spans are looked for under a Milvus standalone's services.
 */
export function targetOf(options: VerifyOptions, outputs: ReadOutputs): Omit<VerifyTarget, "close"> {
  requireForwardOptions(options, outputs.forwardMode);
  const required = (key: "milvusAddress" | "jaegerQueryUrl" | "otlpEndpoint"): string => {
    const value = options[key] ?? outputs[key];
    if (value === undefined) throw new VerifyError("pulumi stack output", `the stack has no output ${key}`, "Run `pulumi up` for this stack first.");
    return value;
  };
  return {
    milvusAddress: required("milvusAddress"),
    jaegerQueryUrl: required("jaegerQueryUrl"),
    jaegerUiUrl: options.jaegerUiUrl ?? outputs.jaegerUiUrl ?? required("jaegerQueryUrl"),
    otlpEndpoint: required("otlpEndpoint"),
    secure: options.secure ?? outputs.secure ?? false,
    caPem: readCaFile(options.caFile) ?? outputs.caCertificate,
    sampleFraction: options.sampleFraction ?? outputs.sampleFraction,
    tail: tailOf(options, outputs),
    jaegerMetricsUrl: options.jaegerMetricsUrl ?? outputs.jaegerMetricsUrl,
    milvusSpanServices: outputs.milvusSpanServices ?? MILVUS_STANDALONE_SPAN_SERVICES,
    images: outputs.images,
    milvusLogin: options.milvusLogin ?? outputs.credentials?.milvus,
    jaegerLogin: options.jaegerLogin ?? outputs.credentials?.jaeger,
    source: sourceOf(options),
  };
}

/**
 * A stack whose Jaeger keeps nothing, or that runs none, cannot be verified the usual way: say so,
 * and what to give instead, before any call rather than after waiting for a trace that never comes.
 */
export function requireForwardOptions(options: Pick<VerifyOptions, "forwardOnly">, forwardMode: ReadOutputs["forwardMode"]): void {
  if (forwardMode === "milvus-direct") {
    throw new UsageError(
      "the stack runs no Jaeger (forwardMode milvus-direct): Milvus exports straight to the team's backend, and verify needs the stack's OTLP receiver and query API. Look for Milvus's traces in the backend",
    );
  }
  if (forwardMode === "forward-only" && !options.forwardOnly) {
    throw new UsageError("the stack's Jaeger keeps nothing (forwardMode forward-only): expected --forward-only --backend-query URL, the team's backend, where verify looks for its trace");
  }
}

function tailOf(options: VerifyOptions, outputs: ReadOutputs): VerifyTarget["tail"] {
  const baselinePercent = options.tailBaselinePercent ?? outputs.tailSampling?.baselinePercent;
  if (baselinePercent === undefined) return undefined;
  // Without a stated wait, tail_sampling's own default.
  return { baselinePercent, decisionWaitSeconds: options.tailDecisionWaitSeconds ?? outputs.tailSampling?.decisionWaitSeconds ?? 30 };
}

function readCaFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new UsageError(`--ca-file = ${JSON.stringify(path)} cannot be read (${reason}): expected a readable PEM file with the CA certificate`);
  }
}

/**
 * The sampling check compares against Milvus's sampleFraction; without one it could only fail,
 * after sending every call. Refuse before the first call instead.
 */
export function requireSampleFractionForSampling(sampling: number, target: Pick<VerifyTarget, "sampleFraction" | "source">): void {
  if (sampling === 0 || target.sampleFraction !== undefined) return;
  throw new UsageError(
    `--sampling ${sampling} needs Milvus's sampleFraction, and ${target.source} does not give it: expected --sample-fraction F (or VERIFY_SAMPLE_FRACTION), from 0 to 1`,
  );
}

async function readStackOutputs(stack: string | undefined): Promise<ReadOutputs> {
  // --show-secrets: a CA supplied as a config secret stays secret in the outputs.
  const args = ["stack", "output", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])];
  try {
    return JSON.parse(await pulumiOutput(args)) as ReadOutputs;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VerifyError(
      `pulumi ${args.join(" ")}`,
      `could not read the stack's outputs (${message.split("\n")[0] ?? message})`,
      "Deploy first (npm start), select the stack with --stack NAME, or give --milvus, --jaeger-query and --otlp.",
    );
  }
}
