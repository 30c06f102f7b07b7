import type { ServiceType } from "../../settings/settings";
import { portId, type ServiceDescription, type ServicePort } from "../../services/serviceDescription";
import type { PlannedObject } from "../../ownership/ownershipDecision";

/** The fixed names of one service's objects; config and secrets are named by Pulumi and cannot collide. */
export interface KubernetesObjectNames {
  workload: { kind: "deployment" | "statefulset"; name: string };
  service: string;
  /** Stateful services: the headless Service that names each replica. */
  headlessService: string | undefined;
  /** Present when some of the service's ports leave the cluster. */
  externalService: string | undefined;
  /** Stateless services: claim name by volume name, fixed so a stack deployed again finds the claims retainData kept. */
  claims: Map<string, string>;
  /** Stateful services: the claims the StatefulSet makes from its templates, `<volume>-<service>-<ordinal>`. */
  replicaClaims: string[];
}

/** The ports of a service that leave the cluster: none with ClusterIP, else those chosen in externalPorts. */
export function leavingPorts(service: ServiceDescription, serviceType: ServiceType, externalPorts: readonly string[]): ServicePort[] {
  return serviceType === "ClusterIP" ? [] : service.ports.filter((port) => externalPorts.includes(portId(service, port)));
}

export function kubernetesObjectNames(service: ServiceDescription, leaving: readonly ServicePort[]): KubernetesObjectNames {
  const { kind, replicas } = service.workload;
  const stateful = kind === "stateful";
  return {
    workload: { kind: stateful ? "statefulset" : "deployment", name: service.name },
    service: service.name,
    headlessService: stateful ? `${service.name}-headless` : undefined,
    externalService: leaving.length === 0 ? undefined : `${service.name}-external`,
    claims: new Map(stateful ? [] : service.volumes.map((volume): [string, string] => [volume.name, `${service.name}-${volume.name}`])),
    replicaClaims: stateful
      ? service.volumes.flatMap((volume) => Array.from({ length: replicas }, (_, ordinal) => `${volume.name}-${service.name}-${ordinal}`))
      : [],
  };
}

/**
 * Every fixed-name object a Kubernetes stack creates, for the ownership check before any of them is:
 * the namespace only when the stack creates it (createNamespace), for a caller's namespace is not
 * the stack's to own; the objects inside it always.
 */
export function plannedKubernetesObjects(
  services: readonly ServiceDescription[],
  namespace: string,
  serviceType: ServiceType,
  externalPorts: readonly string[],
  createNamespace = true,
): PlannedObject[] {
  const otherName = "set namespace to another name";
  const inNamespace = (kind: string, name: string | undefined): PlannedObject[] => (name === undefined ? [] : [{ kind, name, namespace, otherName }]);
  return [
    ...(createNamespace ? [{ kind: "namespace", name: namespace, otherName }] : []),
    ...services.flatMap((service) => {
      const names = kubernetesObjectNames(service, leavingPorts(service, serviceType, externalPorts));
      return [
        ...inNamespace(names.workload.kind, names.workload.name),
        ...inNamespace("service", names.service),
        ...inNamespace("service", names.headlessService),
        ...inNamespace("service", names.externalService),
        ...[...names.claims.values(), ...names.replicaClaims].flatMap((claim) => inNamespace("persistentvolumeclaim", claim)),
      ];
    }),
  ];
}
