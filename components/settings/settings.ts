/** The validated, typed form of a stack's configuration. Everything downstream reads only this. */
import type { ForwardTarget } from "./forwardSettings";
import type { SamplingSettings } from "./samplingSettings";

export const TARGETS = ["docker", "kubernetes"] as const;
export type Target = (typeof TARGETS)[number];

/** `http` is refused: see validateSettings. */
export const OTLP_METHODS = ["grpc"] as const;
export type OtlpMethod = (typeof OTLP_METHODS)[number];

export const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer"] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const JAEGER_STORAGES = ["badger", "memory"] as const;
export type JaegerStorageBackend = (typeof JAEGER_STORAGES)[number];

export interface JaegerStorageSettings {
  backend: JaegerStorageBackend;
  /** badger: how long a trace is kept, as a Go duration ("72h", "1h30m"). */
  retention: string;
  /** Kubernetes, badger: size of the data PVC. */
  dataSize: string;
  /** Keep the data volume / PVC when the stack is destroyed (the same `retainData` as Milvus's). */
  retainOnDelete: boolean;
}

export interface TracingSettings {
  /** Probability that Milvus records a trace that starts inside it or arrives without a parent. */
  sampleFraction: number;
  /** TLS on the Milvus -> Jaeger OTLP link. */
  secure: boolean;
  otlpMethod: OtlpMethod;
  initTimeoutSeconds: number;
  /** Milvus's Go exporter: ms between batch exports. */
  batchDelayMs: number;
}

/** Kubernetes-style quantities ("500m", "2Gi"): both platforms read them. */
export interface ComputeResources {
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
}

/** Host ports by port id (`<service>-<port name>`, as the service table names them); a port without one stays inside. */
export type DockerHostPorts = Readonly<Record<string, number>>;

export interface DockerSettings {
  /** Host address the published ports listen on. */
  bindAddress: string;
  hostPorts: DockerHostPorts;
}

export interface KubernetesSettings {
  namespace: string;
  /** false: the namespace is the caller's; the platform deploys into it but never creates, labels or deletes it. */
  createNamespace: boolean;
  serviceType: ServiceType;
  /** Port ids that a NodePort or LoadBalancer Service carries; everything else stays ClusterIP. */
  externalPorts: string[];
  /** Namespaces whose pods may send spans to the trace receiver, besides the stack's own senders. */
  otlpClientNamespaces: string[];
  /** Path or content of a kubeconfig; undefined means the ambient one. */
  kubeconfig: string | undefined;
  context: string | undefined;
  storageClass: string | undefined;
}

/** An image per service of the table, by service name. */
export type ServiceImages = Readonly<Record<string, string>>;

export interface Settings {
  target: Target;
  /** Existing objects without an owner label that the stack may take over (`kind/name` or `kind/namespace/name`). */
  adoptObjects: string[];
  tracing: TracingSettings;
  /** Who decides which traces are kept: Milvus (head) or Jaeger's collector (tail). */
  sampling: SamplingSettings;
  /** The images that run: the configured ones, or the lab's builds that npm start put in their place. */
  images: ServiceImages;
  /** The images the stack names (`<service>Image`). */
  configuredImages: ServiceImages;
  /**
   * Port ids reachable beyond the deployer's machine (Docker) or the cluster (Kubernetes): each asks
   * for credentials (exposure.ts).
   */
  leavingPorts: string[];
  /** Where Jaeger sends what it keeps besides (or instead of) its own storage; undefined: it only stores. */
  forward: ForwardTarget | undefined;
  jaegerMaxTraces: number;
  jaegerStorage: JaegerStorageSettings;
  docker: DockerSettings;
  kubernetes: KubernetesSettings;
  milvusData: { size: string; retainOnDelete: boolean };
  /** By service name. */
  resources: Readonly<Record<string, ComputeResources>>;
}
