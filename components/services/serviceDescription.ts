import type * as pulumi from "@pulumi/pulumi";
import type { ComputeResources } from "../settings/settings";

/**
 * What a service needs, said once for every platform. A platform turns one of these into its own
 * resources and decides which ports leave it; adding a service means a row in the service table
 * (serviceTable.ts) and the function that describes it, not platform code.
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
  /** Undefined for a service nothing can ask; then no service may start after it. */
  health: HealthCheck | undefined;
  workload: Workload;
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
  /** It sends spans to the trace receiver, whose OTLP ports then admit it. */
  sendsTraces?: boolean;
  /** Services that must be healthy before this one starts. */
  startsAfter: string[];
}

export interface ServicePort {
  /** At most 15 lower-case characters: Kubernetes uses it as the port name. */
  name: string;
  containerPort: number;
  /** Who may connect where the platform can tell (Kubernetes NetworkPolicies); a port that leaves the platform is open to all. */
  access: PortAccess;
  /**
   * A second listener of the service for clients outside the platform, asking for TLS and the
   * service's login: when the port leaves the platform, it leaves through this one.
   */
  outside?: OutsideListener | undefined;
}

export interface OutsideListener {
  /** At most 15 lower-case characters, like a port's name. */
  name: string;
  containerPort: number;
}

/**
 * `anywhere`: any client; `namespace`: only the stack's own services (health and metrics);
 * `traceSenders`: the services that send traces, and the namespaces the stack lets send spans.
 */
export type PortAccess = "anywhere" | "namespace" | "traceSenders";

export interface ConfigFile {
  path: string;
  content: pulumi.Input<string>;
  /** Private keys: a Kubernetes Secret rather than a ConfigMap. */
  sensitive: boolean;
}

/**
 * What a platform asks to learn that a service is up, named for what it asks, as cdk8s-plus's
 * `Probe.fromHttpGet | fromCommand | fromTcpSocket` are. Each platform renders the kinds its
 * runtime offers and refuses, by name, one it cannot.
 */
export type HealthProbe =
  | { kind: "httpGet"; path: string; port: number }
  | { kind: "command"; command: readonly string[] }
  | { kind: "tcpSocket"; port: number }
  | { kind: "grpc"; port: number; service: string | undefined };

export const HealthProbe = {
  /** Healthy when a GET of `path` answers 2xx or 3xx. */
  fromHttpGet: (path: string, port: number): HealthProbe => ({ kind: "httpGet", path, port }),
  /** Healthy when `command`, run inside the container without a shell, exits 0. */
  fromCommand: (command: readonly string[]): HealthProbe => ({ kind: "command", command }),
  /** Healthy when a TCP connect to `port` succeeds. */
  fromTcpSocket: (port: number): HealthProbe => ({ kind: "tcpSocket", port }),
  /** Healthy when the gRPC Health Checking Protocol on `port` answers SERVING (for `service`, or the server as a whole). */
  fromGrpc: (port: number, service?: string): HealthProbe => ({ kind: "grpc", port, service }),
};

/**
 * Programs an image carries that can ask a probe from inside the container, which is the only way
 * Docker checks health: curl or wget for HTTP, bash (its /dev/tcp) or nc for TCP,
 * grpc_health_probe for gRPC.
 */
export type ProbeProgram = "curl" | "wget" | "bash" | "nc" | "grpc_health_probe";

export interface HealthCheck {
  probe: HealthProbe;
  /** What the image carries of ProbeProgram; empty for an image without a shell or tools. */
  programsInImage: readonly ProbeProgram[];
  /** Longest a healthy start may take; failures before then do not count. */
  startPeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Consecutive failures after the start that make the service unhealthy. */
  failureThreshold: number;
}

/**
 * How many instances run and whether each has an identity of its own. `stateless`: interchangeable
 * replicas behind the service's name; one replica holding volumes is stopped before its successor
 * starts, so a volume is never mounted twice, and more than one replica cannot hold volumes.
 * `stateful`: replicas numbered from 0, each with a stable name and its own copy of every volume
 * (a Kubernetes StatefulSet).
 */
export interface Workload {
  kind: "stateless" | "stateful";
  replicas: number;
}

export const Workload = {
  stateless: (replicas = 1): Workload => ({ kind: "stateless", replicas }),
  stateful: (replicas: number): Workload => ({ kind: "stateful", replicas }),
};

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

/** What no platform could run, said when the description is built rather than when a platform stumbles on it. */
export function descriptionProblems(service: ServiceDescription): string[] {
  const problems: string[] = [];
  const { kind, replicas } = service.workload;
  if (!Number.isInteger(replicas) || replicas < 1) problems.push(`${service.name} has ${replicas} replicas: expected a whole number from 1`);
  if (kind === "stateless" && replicas > 1 && service.volumes.length > 0) {
    problems.push(`${service.name} has ${replicas} stateless replicas and volumes, which they would share: make it stateful, so that each has its own`);
  }
  return problems;
}
