import type { ServiceType } from "../../settings/settings";
import { portId, type ServiceDescription, type ServicePort } from "../../services/serviceDescription";
import type { PlannedObject } from "../../ownership/ownershipDecision";

/** The fixed names of one service's objects; config and secrets are named by Pulumi and cannot collide. */
export interface KubernetesObjectNames {
  deployment: string;
  service: string;
  /** Present when some of the service's ports leave the cluster. */
  externalService: string | undefined;
  /** Claim name by volume name: fixed, so a stack deployed again finds the claims retainData kept. */
  claims: Map<string, string>;
}

/** The ports of a service that leave the cluster: none with ClusterIP, else those chosen in externalPorts. */
export function leavingPorts(service: ServiceDescription, serviceType: ServiceType, externalPorts: readonly string[]): ServicePort[] {
  return serviceType === "ClusterIP" ? [] : service.ports.filter((port) => externalPorts.includes(portId(service, port)));
}

export function kubernetesObjectNames(service: ServiceDescription, leaving: readonly ServicePort[]): KubernetesObjectNames {
  return {
    deployment: service.name,
    service: service.name,
    externalService: leaving.length === 0 ? undefined : `${service.name}-external`,
    claims: new Map(service.volumes.map((volume) => [volume.name, `${service.name}-${volume.name}`])),
  };
}

/** Every fixed-name object a Kubernetes stack creates, for the ownership check before any of them is. */
export function plannedKubernetesObjects(
  services: readonly ServiceDescription[],
  namespace: string,
  serviceType: ServiceType,
  externalPorts: readonly string[],
): PlannedObject[] {
  const otherName = "set namespace to another name";
  const inNamespace = (kind: string, name: string): PlannedObject => ({ kind, name, namespace, otherName });
  return [
    { kind: "namespace", name: namespace, otherName },
    ...services.flatMap((service) => {
      const names = kubernetesObjectNames(service, leavingPorts(service, serviceType, externalPorts));
      return [
        inNamespace("deployment", names.deployment),
        inNamespace("service", names.service),
        ...(names.externalService === undefined ? [] : [inNamespace("service", names.externalService)]),
        ...[...names.claims.values()].map((claim) => inNamespace("persistentvolumeclaim", claim)),
      ];
    }),
  ];
}
