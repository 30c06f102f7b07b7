import type * as pulumi from "@pulumi/pulumi";

/** One port of one service, as the platform that runs it made it reachable. */
export interface ServiceEndpoint {
  /** host:port by which the other services on the same platform reach it. */
  inPlatform: pulumi.Output<string>;
  /** host:port the deployer's machine reaches directly; undefined when the port stays inside. */
  fromDeployer: pulumi.Output<string> | undefined;
  /** Where a port-forward can reach a port that stays inside (Kubernetes); undefined elsewhere. */
  forward: PortForwardTarget | undefined;
}

export interface PortForwardTarget {
  service: pulumi.Output<string>;
  port: number;
}

/** Every port a platform made, by port id (`milvus-grpc`, `jaeger-query`, ...). */
export type PlatformEndpoints = ReadonlyMap<string, ServiceEndpoint>;

/** The endpoint of a port that a platform must have made; a missing one is a programming error. */
export function endpointOf(endpoints: PlatformEndpoints, id: string): ServiceEndpoint {
  const endpoint = endpoints.get(id);
  if (!endpoint) throw new Error(`No endpoint ${id}; the platform made ${[...endpoints.keys()].join(", ")}`);
  return endpoint;
}

/** The endpoints of every service a platform made, as one map. */
export function endpointsOf(services: Iterable<{ endpoints: PlatformEndpoints }>): PlatformEndpoints {
  return new Map([...services].flatMap((service) => [...service.endpoints]));
}
