import { JAEGER_PORTS } from "./render/jaegerConfig";
import { renderMilvusTraceOverlay } from "./render/milvusTraceOverlay";
import { JAEGER_SERVICE } from "./services/jaegerService";
import { MILVUS_OTLP_ENDPOINT, MILVUS_PORTS, MILVUS_SERVICE } from "./services/milvusService";
import type { ServiceImages, Settings } from "./settings/settings";

/** What `pulumi stack output --json` gives verify and people: every address as the deployer reaches it. */
export interface StackOutputs {
  target: Settings["target"];
  milvusAddress: string;
  jaegerUiUrl: string;
  jaegerQueryUrl: string;
  /** OTLP gRPC, host:port; clients use TLS and trust `caCertificate` when `secure`. */
  otlpEndpoint: string;
  sampleFraction: number;
  secure: boolean;
  traceOverlay: string;
  /** Per service, the image the stack names and the one deployed: a lab build when they differ. */
  images: DeployedImages;
  /** Kubernetes only: what verify port-forwards to when the Services are not reachable directly. */
  kubernetes: KubernetesOutputs | undefined;
}

export type DeployedImages = Record<keyof ServiceImages, { configured: string; deployed: string }>;

export interface KubernetesOutputs {
  namespace: string;
  milvusService: string;
  jaegerService: string;
  ports: { milvusGrpc: number; jaegerQuery: number; otlpGrpc: number };
}

export function describeOutputs(settings: Settings): StackOutputs {
  const common = {
    target: settings.target,
    sampleFraction: settings.tracing.sampleFraction,
    secure: settings.tracing.secure,
    traceOverlay: renderMilvusTraceOverlay(settings.tracing, MILVUS_OTLP_ENDPOINT),
    images: {
      milvus: { configured: settings.configuredImages.milvus, deployed: settings.images.milvus },
      jaeger: { configured: settings.configuredImages.jaeger, deployed: settings.images.jaeger },
    },
  };
  if (settings.target === "docker") {
    const host = deployerHost(settings.docker.bindAddress);
    const ports = settings.docker.hostPorts;
    const jaegerUrl = `http://${host}:${ports.jaegerQuery}`;
    return {
      ...common,
      milvusAddress: `${host}:${ports.milvusGrpc}`,
      jaegerUiUrl: jaegerUrl,
      jaegerQueryUrl: jaegerUrl,
      otlpEndpoint: `${host}:${ports.otlpGrpc}`,
      kubernetes: undefined,
    };
  }
  const namespace = settings.kubernetes.namespace;
  const inCluster = (service: string, port: number) => `${service}.${namespace}.svc.cluster.local:${port}`;
  const jaegerUrl = `http://${inCluster(JAEGER_SERVICE, JAEGER_PORTS.queryHttp)}`;
  return {
    ...common,
    milvusAddress: inCluster(MILVUS_SERVICE, MILVUS_PORTS.grpc),
    jaegerUiUrl: jaegerUrl,
    jaegerQueryUrl: jaegerUrl,
    otlpEndpoint: inCluster(JAEGER_SERVICE, JAEGER_PORTS.otlpGrpc),
    kubernetes: {
      namespace,
      milvusService: MILVUS_SERVICE,
      jaegerService: JAEGER_SERVICE,
      ports: { milvusGrpc: MILVUS_PORTS.grpc, jaegerQuery: JAEGER_PORTS.queryHttp, otlpGrpc: JAEGER_PORTS.otlpGrpc },
    },
  };
}

/** A wildcard bind address is reached through loopback from the deployer's own machine. */
export function deployerHost(bindAddress: string): string {
  return bindAddress === "0.0.0.0" ? "127.0.0.1" : bindAddress;
}
