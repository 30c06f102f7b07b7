import type * as pulumi from "@pulumi/pulumi";
import type { ComputeResources } from "../settings/settings";

/**
 * What a service needs, said once for every platform. A platform turns one of these into its own
 * resources; adding a service means writing a description, not platform code.
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
  /** Milvus needs syscalls that the default seccomp profile blocks. */
  seccompUnconfined: boolean;
  /** Services that must be healthy before this one starts. */
  startsAfter: string[];
}

export interface ServicePort {
  /** At most 15 lower-case characters: Kubernetes uses it as the port name. */
  name: string;
  containerPort: number;
  /** Published on the deployer's machine (Docker); undefined keeps it inside the platform. */
  hostPort: number | undefined;
}

export interface ConfigFile {
  path: string;
  content: pulumi.Input<string>;
  /** Private keys: a Kubernetes Secret rather than a ConfigMap. */
  sensitive: boolean;
}

export interface HealthCheck {
  http: { port: number; path: string };
  /** How the container checks itself where the platform can only run a command (Docker). */
  probeCommand: string[];
  startPeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
}

export interface DataVolume {
  name: string;
  mountPath: string;
  size: string;
  retainOnDelete: boolean;
}

/** Longest a platform should wait for a service to report healthy before calling the deploy failed. */
export function healthDeadlineSeconds(health: HealthCheck): number {
  return health.startPeriodSeconds + health.retries * (health.intervalSeconds + health.timeoutSeconds);
}
