import type { ServiceDescription } from "../../services/serviceDescription";
import type { PlannedObject } from "../../ownership/ownershipDecision";

/**
 * Each replica's name: the service's own for one stateless replica, `<service>-<ordinal>` for
 * stateful or several, so that each has a container and volumes of its own.
 */
export function dockerReplicaNames(service: ServiceDescription): string[] {
  const { kind, replicas } = service.workload;
  return kind === "stateless" && replicas === 1 ? [service.name] : Array.from({ length: replicas }, (_, ordinal) => `${service.name}-${ordinal}`);
}

/** A replica's container and its volumes by volume name, under the stack's prefix so stacks can share an engine. */
export function dockerObjectNames(namePrefix: string, replicaName: string, service: ServiceDescription): { container: string; volumes: Map<string, string> } {
  return {
    container: `${namePrefix}-${replicaName}`,
    volumes: new Map(service.volumes.map((volume) => [volume.name, `${namePrefix}-${replicaName}-${volume.name}`])),
  };
}

/** Every object a Docker stack creates (all have fixed names), for the ownership check before any of them is. */
export function plannedDockerObjects(services: readonly ServiceDescription[], namePrefix: string): PlannedObject[] {
  const otherName = "deploy it as a stack of another name (the prefix of every object name is milvus-tracing-<stack>)";
  return [
    { kind: "network", name: namePrefix, otherName },
    ...services.flatMap((service) =>
      dockerReplicaNames(service).flatMap((replicaName) => {
        const names = dockerObjectNames(namePrefix, replicaName, service);
        return [{ kind: "container", name: names.container, otherName }, ...[...names.volumes.values()].map((name) => ({ kind: "volume", name, otherName }))];
      }),
    ),
  ];
}
