import * as pulumi from "@pulumi/pulumi";
import { endpointOf, type PlatformEndpoints, type ServiceEndpoint } from "./platforms/serviceEndpoint";
import { isKubeConfigContent } from "./platforms/kubernetes/kubeConfig";
import { renderMilvusTraceOverlay } from "./render/milvusTraceOverlay";
import { milvusTraceTarget } from "./services/milvusService";
import { MILVUS_STANDALONE_SPAN_SERVICES, type MilvusSpanServices } from "./services/milvusSpanServices";
import { deployedServices, type ServiceEntry } from "./services/serviceTable";
import { traceReceiverAddress, traceReceiverHttpPortId, traceReceiverOf, traceReceiverPortId } from "./services/traceReceiver";
import type { ForwardMode } from "./settings/forwardSettings";
import type { Settings } from "./settings/settings";

/** What `pulumi stack output --json` gives verify and people: every address as the deployer reaches it. */
export interface StackOutputs {
  target: Settings["target"];
  milvusAddress: pulumi.Output<string>;
  jaegerUiUrl: pulumi.Output<string>;
  jaegerQueryUrl: pulumi.Output<string>;
  /** OTLP gRPC, host:port; clients use TLS and trust `caCertificate` when `secure`. */
  otlpEndpoint: pulumi.Output<string>;
  /**
   * Where an application sends its own spans so that they join Milvus's in one trace: Jaeger's OTLP
   * receivers as workloads on the platform reach them and, when published, from outside.
   */
  applicationOtlp: ApplicationOtlp;
  /** Jaeger's collector counters (Prometheus): on 127.0.0.1 on Docker, a port-forward on Kubernetes. */
  jaegerMetricsUrl: pulumi.Output<string>;
  sampleFraction: number;
  /** Where the spans go when not only to the stack's Jaeger: what verify needs to know of it. */
  forwardMode?: Exclude<ForwardMode, "local">;
  /** Under tail sampling, what verify --sampling needs of the collector's policy; absent under head. */
  tailSampling?: { baselinePercent: number; decisionWaitSeconds: number };
  secure: boolean;
  traceOverlay: string;
  /** The services Milvus's spans carry in Jaeger: what verify looks for. */
  milvusSpanServices: MilvusSpanServices;
  /** Per service of the table, the image the stack names and the one deployed: a lab build when they differ. */
  images: DeployedImages;
  /** Kubernetes only: how verify reaches what does not leave the cluster. */
  kubernetes: KubernetesOutputs | undefined;
}

/**
 * What index.ts exports: outputs that do not apply to the stack (kubernetes on Docker, the CA when
 * plaintext) are left out.
 */
export type ExportedOutputs = Omit<StackOutputs, "kubernetes"> & {
  kubernetes?: KubernetesOutputs;
  caCertificate?: pulumi.Output<string>;
  /** A secret: by service (milvus, jaeger), the login it asks for once it leaves the platform. */
  credentials?: pulumi.Output<Record<string, { username: string; password: string }>>;
};

/** The outputs that name Jaeger's endpoints. */
type JaegerOutput = "jaegerUiUrl" | "jaegerQueryUrl" | "otlpEndpoint" | "applicationOtlp" | "jaegerMetricsUrl";

/**
 * forwardMode milvus-direct: no Jaeger, so none of its endpoints (rather than addresses that
 * point nowhere); traceOverlay says where Milvus sends its spans.
 */
export type MilvusDirectOutputs = Omit<StackOutputs, JaegerOutput>;
export type ExportedDirectOutputs = Omit<ExportedOutputs, JaegerOutput>;

/** The outputs as `pulumi stack output --json --show-secrets` prints them. */
export type StackOutputsJson = pulumi.Unwrap<ExportedOutputs>;

/** OTLP gRPC as host:port; OTLP HTTP as the base URL an OTLP exporter takes (https when `secure`). */
export interface ApplicationOtlp {
  grpc: OtlpAddresses<pulumi.Output<string>>;
  http: OtlpAddresses<pulumi.Output<string>>;
}

export interface OtlpAddresses<T> {
  /** From a container on the stack's Docker network, or a pod in the cluster. */
  inPlatform: T;
  /** From outside the platform, when the port is published (a host port, NodePort or LoadBalancer). */
  published?: T;
}

export type DeployedImages = Record<string, { configured: string; deployed: string }>;

export type ForwardedOutput = "milvusAddress" | "jaegerQueryUrl" | "otlpEndpoint" | "jaegerMetricsUrl";

export interface KubernetesOutputs {
  namespace: pulumi.Output<string>;
  /** The stack's kubeconfig (a path, or its content as a secret) and context, when it sets them. */
  kubeconfig?: pulumi.Output<string>;
  context?: string;
  /** For each address that stays inside the cluster, the Service and port a port-forward reaches. */
  portForwards: Partial<Record<ForwardedOutput, { service: pulumi.Output<string>; port: number }>>;
}

/** `namespace` is the Kubernetes platform's namespace (its own, or the caller's with createNamespace false); undefined on Docker. */
export function describeOutputs(
  settings: Settings,
  table: readonly ServiceEntry[],
  endpoints: PlatformEndpoints,
  namespace: pulumi.Output<string> | undefined,
): StackOutputs | MilvusDirectOutputs {
  const reachable = (id: string): ServiceEndpoint => endpointOf(endpoints, id);
  const address = (endpoint: ServiceEndpoint): pulumi.Output<string> => endpoint.fromDeployer ?? endpoint.inPlatform;
  const milvus = reachable("milvus-grpc");
  const receiver = traceReceiverOf(table);
  // The trace block less trace.otlp.headers, whose values are secrets.
  const traceTarget = milvusTraceTarget(settings, traceReceiverAddress(receiver));
  const jaeger =
    settings.forward?.mode === "milvus-direct"
      ? undefined
      : {
          query: reachable("jaeger-query"),
          otlp: reachable(traceReceiverPortId(receiver)),
          otlpHttp: reachable(traceReceiverHttpPortId(receiver)),
          metrics: reachable("jaeger-metrics"),
        };
  const forwarded = { milvusAddress: milvus, ...(jaeger && { jaegerQueryUrl: jaeger.query, otlpEndpoint: jaeger.otlp, jaegerMetricsUrl: jaeger.metrics }) };
  const common: MilvusDirectOutputs = {
    target: settings.target,
    milvusAddress: address(milvus),
    sampleFraction: settings.tracing.sampleFraction,
    ...(settings.forward ? { forwardMode: settings.forward.mode } : {}),
    ...(settings.sampling.tail
      ? { tailSampling: { baselinePercent: settings.sampling.tail.baselinePercent, decisionWaitSeconds: settings.sampling.tail.decisionWaitSeconds } }
      : {}),
    secure: settings.tracing.secure,
    traceOverlay: renderMilvusTraceOverlay(traceTarget.tracing, traceTarget.endpoint),
    milvusSpanServices: MILVUS_STANDALONE_SPAN_SERVICES,
    images: Object.fromEntries(
      deployedServices(table, settings).map((service) => [service.name, { configured: settings.configuredImages[service.name] ?? "", deployed: settings.images[service.name] ?? "" }]),
    ),
    kubernetes: namespace ? kubernetesOutputs(settings, namespace, forwarded) : undefined,
  };
  if (!jaeger) return common;
  const jaegerUrl = address(jaeger.query).apply((hostPort) => `http://${hostPort}`);
  return {
    ...common,
    jaegerUiUrl: jaegerUrl,
    jaegerQueryUrl: jaegerUrl,
    otlpEndpoint: address(jaeger.otlp),
    applicationOtlp: {
      grpc: addresses(jaeger.otlp, (hostPort) => hostPort),
      http: addresses(jaeger.otlpHttp, (hostPort) => `${settings.tracing.secure ? "https" : "http"}://${hostPort}`),
    },
    jaegerMetricsUrl: address(jaeger.metrics).apply((hostPort) => `http://${hostPort}`),
  };
}

function addresses(endpoint: ServiceEndpoint, form: (hostPort: string) => string): OtlpAddresses<pulumi.Output<string>> {
  return { inPlatform: endpoint.inPlatform.apply(form), ...(endpoint.fromDeployer ? { published: endpoint.fromDeployer.apply(form) } : {}) };
}

function kubernetesOutputs(
  settings: Settings,
  namespace: pulumi.Output<string>,
  byOutput: Partial<Record<ForwardedOutput, ServiceEndpoint>>,
): KubernetesOutputs {
  const portForwards: KubernetesOutputs["portForwards"] = {};
  for (const [output, endpoint] of Object.entries(byOutput) as [ForwardedOutput, ServiceEndpoint][]) {
    if (endpoint.forward) portForwards[output] = endpoint.forward;
  }
  const { kubeconfig, context } = settings.kubernetes;
  return {
    namespace,
    ...(kubeconfig === undefined ? {} : { kubeconfig: isKubeConfigContent(kubeconfig) ? pulumi.secret(kubeconfig) : pulumi.output(kubeconfig) }),
    ...(context === undefined ? {} : { context }),
    portForwards,
  };
}

/**
 * What a stack exports, from the component's outputs: those that do not apply to it (kubernetes on
 * Docker, the CA when plaintext, Jaeger's endpoints under milvus-direct) are left out rather than
 * exported as undefined, which Pulumi would warn about on every update.
 */
export function exportedOutputs(
  outputs: StackOutputs | MilvusDirectOutputs,
  caCertificate: pulumi.Output<string> | undefined,
  credentials: ExportedOutputs["credentials"],
): ExportedOutputs | ExportedDirectOutputs {
  const { kubernetes, ...always } = outputs;
  return {
    ...always,
    ...(kubernetes ? { kubernetes } : {}),
    ...(caCertificate ? { caCertificate } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
