/**
 * Every stack setting, its default and what it means. Pulumi.yaml declares the same keys so that
 * `pulumi config` documents them; a test keeps the two in step.
 */
export interface SettingKey {
  key: string;
  description: string;
  /** "" means unset: the program then uses the ambient value. */
  default: string | number | boolean | undefined;
  /** Secrets have no default and stay out of Pulumi.yaml's schema, where a key without a default is required. */
  secret?: boolean;
}

export const MILVUS_IMAGE = "milvusdb/milvus:v2.6.15";
export const JAEGER_IMAGE = "jaegertracing/jaeger:2.20.0";

export const SETTING_KEYS = [
  { key: "target", default: "docker", description: "Where to deploy: docker | kubernetes." },
  {
    key: "sampleFraction",
    default: "1",
    description:
      "Milvus trace sampling, a number from 0 to 1 (string or number). Applies to traces that start in Milvus or arrive without a sampled parent.",
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
  { key: "milvusImage", default: MILVUS_IMAGE, description: "Milvus image (standalone with embedded etcd)." },
  { key: "jaegerImage", default: JAEGER_IMAGE, description: "Jaeger v2 image." },
  {
    key: "labMilvusImage",
    default: "",
    description: "Set by npm start, not by hand: a lab-built Milvus image that runs in place of milvusImage when no registry provides it.",
  },
  {
    key: "labJaegerImage",
    default: "",
    description: "Set by npm start, not by hand: a lab-built Jaeger image that runs in place of jaegerImage when no registry provides it.",
  },
  { key: "jaegerStorage", default: "badger", description: "Where Jaeger keeps traces: badger (on disk, survives restarts) | memory." },
  { key: "jaegerRetention", default: "72h", description: "badger: how long Jaeger keeps a trace, a duration from 1m to 8760h such as 72h or 90m." },
  { key: "jaegerDataSize", default: "5Gi", description: "Kubernetes, badger: size of the Jaeger data PVC." },
  { key: "jaegerMaxTraces", default: 100000, description: "memory: traces Jaeger keeps, 1000-10000000." },
  { key: "bindAddress", default: "127.0.0.1", description: "Docker: host address the published ports listen on." },
  { key: "milvusPort", default: 19530, description: "Docker: host port for Milvus gRPC." },
  { key: "milvusHealthPort", default: 9091, description: "Docker: host port for Milvus /healthz and metrics." },
  { key: "jaegerUiPort", default: 16686, description: "Docker: host port for the Jaeger UI and query API." },
  { key: "otlpGrpcPort", default: 4317, description: "Docker: host port for Jaeger's OTLP gRPC receiver." },
  { key: "otlpHttpPort", default: 4318, description: "Docker: host port for Jaeger's OTLP HTTP receiver." },
  { key: "namespace", default: "", description: "Kubernetes: namespace the program creates (default: milvus-tracing-<stack>)." },
  { key: "serviceType", default: "ClusterIP", description: "Kubernetes: ClusterIP | NodePort | LoadBalancer." },
  {
    key: "externalPorts",
    default: "milvus-grpc,jaeger-query",
    description:
      "Kubernetes: with serviceType NodePort or LoadBalancer, the ports that leave the cluster, comma-separated: milvus-grpc, jaeger-query, jaeger-otlp-grpc, jaeger-otlp-http.",
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
  { key: "milvusCpuRequest", default: "500m", description: "Milvus CPU request." },
  { key: "milvusMemoryRequest", default: "2Gi", description: "Milvus memory request." },
  { key: "milvusCpuLimit", default: "2", description: "Milvus CPU limit." },
  { key: "milvusMemoryLimit", default: "8Gi", description: "Milvus memory limit." },
  { key: "jaegerCpuRequest", default: "100m", description: "Jaeger CPU request." },
  { key: "jaegerMemoryRequest", default: "256Mi", description: "Jaeger memory request." },
  { key: "jaegerCpuLimit", default: "1", description: "Jaeger CPU limit." },
  { key: "jaegerMemoryLimit", default: "1Gi", description: "Jaeger memory limit." },
  { key: "tlsCert", default: undefined, secret: true, description: "secure: PEM server certificate for Jaeger's OTLP receivers (default: generated)." },
  { key: "tlsKey", default: undefined, secret: true, description: "secure: PEM private key for tlsCert." },
  { key: "tlsCa", default: undefined, secret: true, description: "secure: PEM CA certificate that signed tlsCert." },
] as const satisfies readonly SettingKey[];

export type SettingName = (typeof SETTING_KEYS)[number]["key"];
