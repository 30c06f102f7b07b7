import type { ServiceDescription } from "../../services/serviceDescription";
import type { PlannedObject } from "../../ownership/ownershipDecision";

/** A service's container and its volumes by volume name, under the stack's prefix so stacks can share an engine. */
export function dockerObjectNames(namePrefix: string, service: ServiceDescription): { container: string; volumes: Map<string, string> } {
  return {
    container: `${namePrefix}-${service.name}`,
    volumes: new Map(service.volumes.map((volume) => [volume.name, `${namePrefix}-${service.name}-${volume.name}`])),
  };
}

/** Every object a Docker stack creates (all have fixed names), for the ownership check before any of them is. */
export function plannedDockerObjects(services: readonly ServiceDescription[], namePrefix: string): PlannedObject[] {
  const otherName = "deploy it as a stack of another name (the prefix of every object name is milvus-tracing-<stack>)";
  return [
    { kind: "network", name: namePrefix, otherName },
    ...services.flatMap((service) => {
      const names = dockerObjectNames(namePrefix, service);
      return [{ kind: "container", name: names.container, otherName }, ...[...names.volumes.values()].map((name) => ({ kind: "volume", name, otherName }))];
    }),
  ];
}
