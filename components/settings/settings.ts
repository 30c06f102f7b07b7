/** The validated, typed form of a stack's configuration. Everything downstream reads only this. */

export const TARGETS = ["docker", "kubernetes"] as const;
export type Target = (typeof TARGETS)[number];

/** `http` is refused: see validateSettings. */
export const OTLP_METHODS = ["grpc"] as const;
export type OtlpMethod = (typeof OTLP_METHODS)[number];

export const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer"] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface TracingSettings {
  /** Probability that Milvus records a trace that starts inside it or arrives without a parent. */
  sampleFraction: number;
  /** TLS on the Milvus -> Jaeger OTLP link. */
  secure: boolean;
  otlpMethod: OtlpMethod;
  initTimeoutSeconds: number;
}

/** Kubernetes-style quantities ("500m", "2Gi"): both platforms read them. */
export interface ComputeResources {
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
}

export interface DockerHostPorts {
  milvusGrpc: number;
  milvusHealth: number;
  jaegerQuery: number;
  otlpGrpc: number;
  otlpHttp: number;
}

export interface DockerSettings {
  /** Host address the published ports listen on. */
  bindAddress: string;
  hostPorts: DockerHostPorts;
}

export interface KubernetesSettings {
  namespace: string;
  serviceType: ServiceType;
  /** Path or content of a kubeconfig; undefined means the ambient one. */
  kubeconfig: string | undefined;
  context: string | undefined;
  storageClass: string | undefined;
}

export interface ServiceImages {
  milvus: string;
  jaeger: string;
}

export interface Settings {
  target: Target;
  tracing: TracingSettings;
  /** The images that run: the configured ones, or the lab's builds that npm start put in their place. */
  images: ServiceImages;
  /** The images the stack names (milvusImage, jaegerImage). */
  configuredImages: ServiceImages;
  jaegerMaxTraces: number;
  docker: DockerSettings;
  kubernetes: KubernetesSettings;
  milvusData: { size: string; retainOnDelete: boolean };
  resources: { milvus: ComputeResources; jaeger: ComputeResources };
}
