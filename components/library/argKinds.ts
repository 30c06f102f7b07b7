import type * as pulumi from "@pulumi/pulumi";

/**
 * The type of each of MilvusTracing's args: one per setting of settings/settingKeys.ts, under the
 * same name (argKinds.test.ts keeps the two in step). Lists (externalPorts, otlpClientNamespaces,
 * adoptObjects) stay comma-separated strings, as the settings table documents them. The services'
 * keys are written out rather than derived: the table builds them at run time, out of TypeScript's
 * sight.
 */
export const ARG_KINDS = {
  target: "string",
  sampleFraction: "number",
  samplingMode: "string",
  tailLatencyMs: "number",
  tailKeepErrors: "boolean",
  tailBaselinePercent: "number",
  tailDecisionWaitSeconds: "number",
  secure: "boolean",
  otlpMethod: "string",
  initTimeoutSeconds: "number",
  traceBatchDelayMs: "number",
  milvusImage: "string",
  jaegerImage: "string",
  labMilvusImage: "string",
  labJaegerImage: "string",
  jaegerStorage: "string",
  jaegerRetention: "string",
  jaegerDataSize: "string",
  jaegerMaxTraces: "number",
  bindAddress: "string",
  milvusPort: "number",
  milvusHealthPort: "number",
  otlpGrpcPort: "number",
  otlpHttpPort: "number",
  jaegerUiPort: "number",
  jaegerMetricsPort: "number",
  namespace: "string",
  createNamespace: "boolean",
  serviceType: "string",
  externalPorts: "string",
  otlpClientNamespaces: "string",
  kubeconfig: "string",
  kubeContext: "string",
  storageClass: "string",
  milvusDataSize: "string",
  adoptObjects: "string",
  retainData: "boolean",
  milvusCpuRequest: "string",
  milvusMemoryRequest: "string",
  milvusCpuLimit: "string",
  milvusMemoryLimit: "string",
  jaegerCpuRequest: "string",
  jaegerMemoryRequest: "string",
  jaegerCpuLimit: "string",
  jaegerMemoryLimit: "string",
  forwardMode: "string",
  forwardEndpoint: "string",
  forwardProtocol: "string",
  forwardInsecure: "boolean",
  forwardQueueSpans: "number",
  forwardRetrySeconds: "number",
  forwardCa: "secret",
  forwardHeaders: "secret",
  tlsCert: "secret",
  tlsKey: "secret",
  tlsCa: "secret",
} as const satisfies Record<string, ArgKind>;

export type ArgKind = "string" | "number" | "boolean" | "secret";

type ArgType<K extends ArgKind> = K extends "number" ? number : K extends "boolean" ? boolean : K extends "secret" ? pulumi.Input<string> : string;

/**
 * Every setting, optional, with the settings table's default when left out (or set to ""). Secrets
 * are inputs: the component keeps them as Pulumi secrets whatever the caller hands over.
 *
 * Written out, not mapped from ARG_KINDS: Pulumi's component analyzer (package/) types only declared
 * properties, and gives a mapped type's members the type Any. `ArgsOfKinds` below keeps the two equal.
 */
export interface MilvusTracingArgs {
  target?: string;
  sampleFraction?: number;
  samplingMode?: string;
  tailLatencyMs?: number;
  tailKeepErrors?: boolean;
  tailBaselinePercent?: number;
  tailDecisionWaitSeconds?: number;
  secure?: boolean;
  otlpMethod?: string;
  initTimeoutSeconds?: number;
  traceBatchDelayMs?: number;
  milvusImage?: string;
  jaegerImage?: string;
  labMilvusImage?: string;
  labJaegerImage?: string;
  jaegerStorage?: string;
  jaegerRetention?: string;
  jaegerDataSize?: string;
  jaegerMaxTraces?: number;
  bindAddress?: string;
  milvusPort?: number;
  milvusHealthPort?: number;
  otlpGrpcPort?: number;
  otlpHttpPort?: number;
  jaegerUiPort?: number;
  jaegerMetricsPort?: number;
  namespace?: string;
  createNamespace?: boolean;
  serviceType?: string;
  externalPorts?: string;
  otlpClientNamespaces?: string;
  kubeconfig?: string;
  kubeContext?: string;
  storageClass?: string;
  milvusDataSize?: string;
  adoptObjects?: string;
  retainData?: boolean;
  milvusCpuRequest?: string;
  milvusMemoryRequest?: string;
  milvusCpuLimit?: string;
  milvusMemoryLimit?: string;
  jaegerCpuRequest?: string;
  jaegerMemoryRequest?: string;
  jaegerCpuLimit?: string;
  jaegerMemoryLimit?: string;
  forwardMode?: string;
  forwardEndpoint?: string;
  forwardProtocol?: string;
  forwardInsecure?: boolean;
  forwardQueueSpans?: number;
  forwardRetrySeconds?: number;
  forwardCa?: pulumi.Input<string>;
  forwardHeaders?: pulumi.Input<string>;
  tlsCert?: pulumi.Input<string>;
  tlsKey?: pulumi.Input<string>;
  tlsCa?: pulumi.Input<string>;
}

type ArgsOfKinds = { [K in keyof typeof ARG_KINDS]?: ArgType<(typeof ARG_KINDS)[K]> };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type IsTrue<T extends true> = T;
/**
 * A compile error here means MilvusTracingArgs and ARG_KINDS differ: a name or a type. Compared
 * Required: with every member optional, a missing or extra one would pass both ways.
 */
export type ArgsMatchKinds = IsTrue<Same<Required<MilvusTracingArgs>, Required<ArgsOfKinds>>>;

export type ArgName = keyof typeof ARG_KINDS;
export const ARG_NAMES = Object.keys(ARG_KINDS) as ArgName[];
export type SecretArgName = { [K in ArgName]: (typeof ARG_KINDS)[K] extends "secret" ? K : never }[ArgName];
export const SECRET_ARGS = ARG_NAMES.filter((name): name is SecretArgName => ARG_KINDS[name] === "secret");
