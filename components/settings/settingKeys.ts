import { SERVICE_TABLE, type ServiceEntry } from "../services/serviceTable";
import { FORWARD_DEFAULTS } from "./forwardSettings";
import { externalPortChoice, serviceKeys } from "./serviceSettingKeys";

/**
 * Every stack setting, its default and what it means: the program's own, and those each service of
 * the table has (image, lab substitute, host ports, resources). Pulumi.yaml declares the same keys
 * so that `pulumi config` documents them; a test keeps the two in step.
 */
export interface SettingKey {
  key: string;
  description: string;
  /** "" means unset: the program then uses the ambient value. */
  default: string | number | boolean | undefined;
  /** Secrets have no default and stay out of Pulumi.yaml's schema, where a key without a default is required. */
  secret?: boolean;
}

const TRACING = [
  { key: "target", default: "docker", description: "Where to deploy: docker | kubernetes." },
  {
    key: "sampleFraction",
    default: "",
    description:
      "Milvus trace sampling, a number from 0 to 1 (string or number); unset means 1. Applies to traces that start in Milvus or arrive without a sampled parent. With samplingMode tail it is a head rate applied before the collector's decision.",
  },
  {
    key: "samplingMode",
    default: "head",
    description: "Who decides which traces are kept: head (Milvus, by sampleFraction, before the request runs) | tail (Jaeger's collector, once a trace's spans are in: slow, failed, verify's, and tailBaselinePercent of the rest).",
  },
  { key: "tailLatencyMs", default: 1000, description: "tail: a trace with a span longer than this many ms is always kept, 1-600000." },
  { key: "tailKeepErrors", default: true, description: "tail: a trace with a span whose status is ERROR is always kept." },
  { key: "tailBaselinePercent", default: "10", description: "tail: percentage of the other traces kept, a number from 0 to 100." },
  {
    key: "tailDecisionWaitSeconds",
    default: 10,
    description: "tail: seconds the collector waits after a trace's first span before deciding, 1-300; above traceBatchDelayMs, so that Milvus's spans are in.",
  },
  { key: "secure", default: false, description: "TLS on the OTLP link from Milvus to Jaeger." },
  { key: "otlpMethod", default: "grpc", description: "OTLP transport Milvus uses: grpc (http cannot reach Jaeger from both of Milvus's exporters)." },
  { key: "initTimeoutSeconds", default: 10, description: "Milvus trace exporter start-up timeout, 1-300 s." },
  {
    key: "traceBatchDelayMs",
    default: 5000,
    description:
      "How long Milvus's Go exporter holds finished spans before sending a batch (OTEL_BSP_SCHEDULE_DELAY), 100-60000 ms. 5000 is OpenTelemetry's default; shorter shows traces sooner for more, smaller exports. Milvus's C++ (segcore) exporter keeps its fixed 5 s.",
  },
] as const satisfies readonly SettingKey[];

const JAEGER_STORAGE = [
  { key: "jaegerStorage", default: "badger", description: "Where Jaeger keeps traces: badger (on disk, survives restarts) | memory." },
  { key: "jaegerRetention", default: "72h", description: "badger: how long Jaeger keeps a trace, a duration from 1m to 8760h such as 72h or 90m." },
  { key: "jaegerDataSize", default: "5Gi", description: "Kubernetes, badger: size of the Jaeger data PVC." },
  { key: "jaegerMaxTraces", default: 100000, description: "memory: traces Jaeger keeps, 1000-10000000." },
] as const satisfies readonly SettingKey[];

const DOCKER = [{ key: "bindAddress", default: "127.0.0.1", description: "Docker: host address the published ports listen on. Beyond loopback, Milvus asks for its generated root password and Jaeger for its generated login (stack output credentials); OTLP leaves only with secure, through receivers that ask for TLS and the login; health and metrics stay on 127.0.0.1." }] as const satisfies readonly SettingKey[];

const KUBERNETES = [
  { key: "namespace", default: "", description: "Kubernetes: namespace to deploy into, which the program creates unless createNamespace is false (default: milvus-tracing-<stack>)." },
  {
    key: "createNamespace",
    default: true,
    description:
      "Kubernetes: create the namespace, labelled as this stack's, and delete it on destroy. false: deploy into namespace, which the caller makes and keeps; the stack neither creates, labels nor deletes it.",
  },
  { key: "serviceType", default: "ClusterIP", description: "Kubernetes: ClusterIP | NodePort | LoadBalancer." },
  {
    key: "otlpClientNamespaces",
    default: "",
    description: "Kubernetes: namespaces whose pods may send spans to the trace receiver, comma-separated (Milvus always may).",
  },
  { key: "kubeconfig", default: "", description: "Kubernetes: kubeconfig path or content (default: ambient)." },
  { key: "kubeContext", default: "", description: "Kubernetes: kubeconfig context (default: current)." },
  { key: "storageClass", default: "", description: "Kubernetes: storage class of the Milvus and Jaeger PVCs (default: cluster default)." },
  { key: "milvusDataSize", default: "10Gi", description: "Kubernetes: size of the Milvus data PVC." },
  {
    key: "adoptObjects",
    default: "",
    description:
      "Objects with no owner label that this stack takes over once, comma-separated kind/name (Docker) or kind/namespace/name (Kubernetes), as a refusal names them: this program's own objects from before ownership labels.",
  },
  { key: "retainData", default: true, description: "Keep the Milvus and Jaeger data volumes / PVCs when the stack is destroyed." },
] as const satisfies readonly SettingKey[];

const FORWARD = [
  {
    key: "forwardMode",
    default: "local",
    description:
      "Where the spans go: local (Jaeger's own storage) | local-and-forward (stored, and sent to the team's OTLP backend, forwardEndpoint) | forward-only (sent there only: no storage, no data volume, no query API) | milvus-direct (no Jaeger: Milvus 2.6+ exports to forwardEndpoint over grpc itself, forwardHeaders as trace.otlp.headers).",
  },
  { key: "forwardEndpoint", default: FORWARD_DEFAULTS.forwardEndpoint, description: "forward: the team's OTLP receiver, host:port for grpc, a base URL (https://, or http:// with forwardInsecure) for http." },
  { key: "forwardProtocol", default: FORWARD_DEFAULTS.forwardProtocol, description: "forward: OTLP transport to the backend: grpc | http." },
  { key: "forwardInsecure", default: FORWARD_DEFAULTS.forwardInsecure, description: "forward: send in plain text, without TLS. Otherwise TLS, checked against the system's roots or forwardCa." },
  {
    key: "forwardQueueSpans",
    default: FORWARD_DEFAULTS.forwardQueueSpans,
    description: "forward: spans Jaeger holds in memory while the backend cannot take them, 100-10000000; beyond it new spans are dropped (the collector's counters say how many).",
  },
  {
    key: "forwardRetrySeconds",
    default: FORWARD_DEFAULTS.forwardRetrySeconds,
    description: "forward: how long a batch is retried while the backend is down or refuses it, 10-86400 s; then it is dropped. The backend may be down this long, if the queue holds what arrives meanwhile.",
  },
  { key: "forwardCa", default: undefined, secret: true, description: "forward: PEM CA that signed the backend's certificate, a secret (default: the system's roots)." },
  {
    key: "forwardHeaders",
    default: undefined,
    secret: true,
    description: "forward: headers sent with every export, a secret JSON map such as {\"authorization\":\"Basic ...\"}.",
  },
] as const satisfies readonly SettingKey[];

const TLS = [
  { key: "tlsCert", default: undefined, secret: true, description: "secure: PEM server certificate for Jaeger's OTLP receivers (default: generated)." },
  { key: "tlsKey", default: undefined, secret: true, description: "secure: PEM private key for tlsCert." },
  { key: "tlsCa", default: undefined, secret: true, description: "secure: PEM CA certificate that signed tlsCert." },
] as const satisfies readonly SettingKey[];

/** The program's settings with those of `table`'s services, in the order Pulumi.yaml documents them. */
export function settingKeys(table: readonly ServiceEntry[]): SettingKey[] {
  const keys = table.map(serviceKeys);
  const choice = externalPortChoice(table);
  const [namespace, createNamespace, serviceType, ...restOfKubernetes] = KUBERNETES;
  return [
    ...TRACING,
    ...keys.map((service) => service.image),
    ...keys.map((service) => service.labImage),
    ...JAEGER_STORAGE,
    ...DOCKER,
    ...keys.flatMap((service) => service.hostPorts),
    namespace,
    createNamespace,
    serviceType,
    {
      key: "externalPorts",
      default: choice.byDefault.join(","),
      description: `Kubernetes: with serviceType NodePort or LoadBalancer, the ports that leave the cluster, comma-separated: ${choice.allowed.join(", ")}. Each then asks for credentials (stack output credentials).`,
    },
    ...restOfKubernetes,
    ...keys.flatMap((service) => service.resources),
    ...FORWARD,
    ...TLS,
  ];
}

/** The certificate Jaeger's receivers serve: all three keys or none. */
export const TLS_KEYS: readonly string[] = TLS.map((setting) => setting.key);

export const SETTING_KEYS: readonly SettingKey[] = settingKeys(SERVICE_TABLE);
