import type * as pulumi from "@pulumi/pulumi";
import type { ComputeResources } from "../settings/settings";

/**
 * What a service needs, said once for every platform. A platform turns one of these into its own
 * resources and decides which ports leave it; adding a service means writing a description, not
 * platform code.
 */
export interface ServiceDescription {
  /** Also the host name other services use to reach it (network alias / Service name). */
  name: string;
  image: string;
  /** Arguments to the image's entrypoint (Docker `command`, Kubernetes `args`). */
  args: string[];
  env: Record<string, string>;
  ports: ServicePort[];
  files: ConfigFile[];
  health: HealthCheck;
  volumes: DataVolume[];
  /** Group the image runs as, when it is not root: Kubernetes makes the volumes writable for it (fsGroup). */
  volumeGroup?: number | undefined;
  resources: ComputeResources;
  /**
   * The service is known to need syscalls that a container runtime's default filter may block
   * (Milvus's own compose file turns Docker's off). Platforms relax the filter as far as their
   * own admission rules allow.
   */
  needsRelaxedSyscallFilter: boolean;
  /** Services that must be healthy before this one starts. */
  startsAfter: string[];
}

export interface ServicePort {
  /** At most 15 lower-case characters: Kubernetes uses it as the port name. */
  name: string;
  containerPort: number;
}

export interface ConfigFile {
  path: string;
  content: pulumi.Input<string>;
  /** Private keys: a Kubernetes Secret rather than a ConfigMap. */
  sensitive: boolean;
}

export interface HealthCheck {
  http: { port: number; path: string };
  /**
   * An HTTP client the image carries, for platforms that can only check health by running a
   * command inside the container; undefined when the image has none.
   */
  httpClientInImage: "curl" | "wget" | undefined;
  /** Longest a healthy start may take; failures before then do not count. */
  startPeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Consecutive failures after the start that make the service unhealthy. */
  failureThreshold: number;
}

export interface DataVolume {
  name: string;
  mountPath: string;
  size: string;
  retainOnDelete: boolean;
}

/** `<service>-<port>`: how settings and endpoints name one port of one service. */
export function portId(service: Pick<ServiceDescription, "name">, port: Pick<ServicePort, "name">): string {
  return `${service.name}-${port.name}`;
}

/** Longest a platform should wait for a service to report healthy before calling the deploy failed. */
export function healthDeadlineSeconds(health: HealthCheck): number {
  return health.startPeriodSeconds + health.failureThreshold * (health.intervalSeconds + health.timeoutSeconds);
}
