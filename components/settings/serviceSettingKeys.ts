import type { ComputeResources } from "./settings";
import { portId } from "../services/serviceDescription";
import type { PortEntry, ServiceEntry } from "../services/serviceTable";
import type { SettingKey } from "./settingKeys";

/** The settings one service of the table has. */
export interface ServiceKeys {
  image: SettingKey;
  labImage: SettingKey;
  hostPorts: SettingKey[];
  resources: SettingKey[];
}

const RESOURCES: readonly [keyof ComputeResources, string, string][] = [
  ["cpuRequest", "CpuRequest", "CPU request"],
  ["memoryRequest", "MemoryRequest", "memory request"],
  ["cpuLimit", "CpuLimit", "CPU limit"],
  ["memoryLimit", "MemoryLimit", "memory limit"],
];

/** `milvus` -> `milvus`, `vector-store` -> `vectorStore`: the prefix of a service's keys. */
function keyPrefix(service: Pick<ServiceEntry, "name">): string {
  return service.name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

export const imageKey = (service: Pick<ServiceEntry, "name">): string => `${keyPrefix(service)}Image`;
export const labImageKey = (service: Pick<ServiceEntry, "name">): string => {
  const prefix = keyPrefix(service);
  return `lab${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}Image`;
};
export const resourceKey = (service: Pick<ServiceEntry, "name">, field: keyof ComputeResources): string =>
  `${keyPrefix(service)}${RESOURCES.find(([name]) => name === field)?.[1] ?? field}`;

export function serviceKeys(service: ServiceEntry): ServiceKeys {
  return {
    image: { key: imageKey(service), default: service.image.default, description: service.image.description },
    labImage: {
      key: labImageKey(service),
      default: "",
      description: `Set by npm start, not by hand: a lab-built ${service.title} image that runs in place of ${imageKey(service)} when no registry provides it.`,
    },
    hostPorts: service.ports.flatMap((port) => (port.hostPort ? [{ key: port.hostPort.key, default: port.containerPort, description: port.hostPort.description }] : [])),
    resources: RESOURCES.map(([field, , words]) => ({ key: resourceKey(service, field), default: service.resources[field], description: `${service.title} ${words}.` })),
  };
}

/** The ports Docker may publish on the host, by port id, with the setting of each one's host port. */
export function publishablePorts(table: readonly ServiceEntry[]): { id: string; key: string }[] {
  return table.flatMap((service) => service.ports.flatMap((port) => (port.hostPort ? [{ id: portId(service, port), key: port.hostPort.key }] : [])));
}

/** The ports externalPorts may name, those it names by default first, and the default choice. */
export function externalPortChoice(table: readonly ServiceEntry[]): { allowed: string[]; byDefault: string[] } {
  const ids = (which: PortEntry["external"]) =>
    table.flatMap((service) => service.ports.filter((port) => port.external === which).map((port) => portId(service, port)));
  const byDefault = ids("byDefault");
  return { allowed: [...byDefault, ...ids("whenChosen")], byDefault };
}
