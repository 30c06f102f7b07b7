import { parse } from "yaml";

/**
 * A resource as a policy sees it: type, name, URN and inputs. @pulumi/policy hands these over with
 * secrets unwrapped; an input unknown during preview throws when read, and @pulumi/policy then
 * reports the policy as not run (advisory) instead of failing it.
 */
export interface ResourceView {
  type: string;
  name: string;
  urn: string;
  props: Readonly<Record<string, unknown>>;
}

/** A mounted volume and whether what is written there outlives the container or pod. */
export interface MountView {
  path: string;
  persistent: boolean;
}

/**
 * One service as deployed, whichever the platform: a Docker container, or a Kubernetes workload
 * with the ConfigMaps and Secrets carrying its files and the Services that expose it.
 */
export interface DeployedService {
  /** `milvus` or `jaeger` when its files say so, else the container's name. */
  service: string;
  platform: "docker" | "kubernetes";
  urn: string;
  /** Config files by key: the path flattened as the program keys ConfigMaps (`milvus-configs-user.yaml`). */
  files: ReadonlyMap<string, string>;
  mounts: readonly MountView[];
  /** Container ports reachable beyond the machine's loopback (Docker) or the cluster (NodePort, LoadBalancer). */
  exposedPorts: readonly { port: number; via: string }[];
}

export const MILVUS_USER_YAML = fileKey("/milvus/configs/user.yaml");
export const JAEGER_CONFIG = fileKey("/etc/jaeger/config.yaml");

const CONTAINER = "docker:index/container:Container";
const WORKLOADS = new Set(["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"]);
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SECRET = "kubernetes:core/v1:Secret";
const KUBE_SERVICE = "kubernetes:core/v1:Service";

/** As the program keys a file in a ConfigMap or Secret (components/platforms/kubernetes/configChecksum.ts). */
export function fileKey(path: string): string {
  return path.replace(/^\/+/, "").replace(/[^A-Za-z0-9._-]/g, "-");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** Reads `a.b.c` through records; undefined when a step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function stringMap(value: unknown): Map<string, string> {
  return new Map(Object.entries(asRecord(value)).flatMap(([key, content]) => (typeof content === "string" ? [[key, content] as const] : [])));
}

/** The YAML document of a file, or undefined when the service has no such file or it does not parse. */
export function yamlFile(service: DeployedService, key: string): unknown {
  const content = service.files.get(key);
  if (content === undefined) return undefined;
  try {
    return parse(content) as unknown;
  } catch {
    return undefined;
  }
}

function serviceName(files: ReadonlyMap<string, string>, fallback: string): string {
  if (files.has(MILVUS_USER_YAML)) return "milvus";
  if (files.has(JAEGER_CONFIG)) return "jaeger";
  return fallback;
}

function isLoopback(address: string): boolean {
  return address.split(".")[0] === "127" || address === "::1" || address === "localhost";
}

/** A Docker container: its uploads are its files; a port published on a non-loopback address leaves the machine. */
export function dockerService(resource: ResourceView): DeployedService {
  const { props } = resource;
  const files = new Map<string, string>();
  for (const upload of asArray(props.uploads)) {
    const path = at(upload, "file");
    // Read the content only of the files the rules look at: a certificate's is unknown at preview.
    if (typeof path !== "string") continue;
    const key = fileKey(path);
    if (key !== MILVUS_USER_YAML && key !== JAEGER_CONFIG) continue;
    const content = at(upload, "content");
    if (typeof content === "string") files.set(key, content);
  }
  const mounts = asArray(props.volumes).flatMap((volume): MountView[] => {
    const path = at(volume, "containerPath");
    if (typeof path !== "string") return [];
    // A named volume or a host directory outlives the container; neither set is an anonymous volume.
    return [{ path, persistent: typeof at(volume, "volumeName") === "string" || typeof at(volume, "hostPath") === "string" }];
  });
  const exposedPorts = asArray(props.ports).flatMap((port) => {
    const internal = at(port, "internal");
    const ip = at(port, "ip");
    // The provider's default publishes on every address.
    const address = typeof ip === "string" && ip !== "" ? ip : "0.0.0.0";
    return typeof internal === "number" && !isLoopback(address) ? [{ port: internal, via: `published on ${address}` }] : [];
  });
  const name = typeof props.name === "string" ? props.name : resource.name;
  return { service: serviceName(files, name.split("-").pop() ?? name), platform: "docker", urn: resource.urn, files, mounts, exposedPorts };
}

function labelsMatch(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const wanted = Object.entries(selector);
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

/** The containers of a workload's pod template. */
export function podContainers(workload: ResourceView): Record<string, unknown>[] {
  const spec = at(workload.props, "spec", "template", "spec");
  return [...asArray(at(spec, "initContainers")), ...asArray(at(spec, "containers"))].filter(isRecord);
}

/**
 * A Kubernetes Deployment or StatefulSet with the files of the ConfigMaps and Secrets carrying its
 * labels (the program names those through Pulumi, so their names are unknown at preview), its
 * mounts (persistent when a claim backs them) and the ports its NodePort or LoadBalancer Services
 * carry.
 */
export function kubernetesService(workload: ResourceView, resources: readonly ResourceView[]): DeployedService {
  const selector = asRecord(at(workload.props, "spec", "selector", "matchLabels"));
  const podLabels = asRecord(at(workload.props, "spec", "template", "metadata", "labels"));
  const files = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== CONFIG_MAP && resource.type !== SECRET) continue;
    if (!labelsMatch(selector, asRecord(at(resource.props, "metadata", "labels")))) continue;
    const entries = resource.type === CONFIG_MAP ? stringMap(resource.props.data) : stringMap(resource.props.stringData);
    for (const [key, content] of entries) files.set(key, content);
  }
  const podVolumes = new Map(
    asArray(at(workload.props, "spec", "template", "spec", "volumes"))
      .filter(isRecord)
      .map((volume) => [volume.name, volume] as const),
  );
  const claimTemplates = new Set(asArray(at(workload.props, "spec", "volumeClaimTemplates")).map((template) => at(template, "metadata", "name")));
  const containers = podContainers(workload);
  const mounts = containers.flatMap((container) =>
    asArray(container.volumeMounts).flatMap((mount): MountView[] => {
      const path = at(mount, "mountPath");
      const name = at(mount, "name");
      if (typeof path !== "string") return [];
      const persistent = claimTemplates.has(name) || at(podVolumes.get(name), "persistentVolumeClaim") !== undefined;
      return [{ path, persistent }];
    }),
  );
  const portsByName = new Map(
    containers.flatMap((container) => asArray(container.ports).map((port) => [at(port, "name"), at(port, "containerPort")] as const)),
  );
  const exposedPorts = resources.flatMap((resource) => {
    if (resource.type !== KUBE_SERVICE) return [];
    const type = at(resource.props, "spec", "type");
    if (type !== "NodePort" && type !== "LoadBalancer") return [];
    if (!labelsMatch(asRecord(at(resource.props, "spec", "selector")), podLabels)) return [];
    const serviceName = at(resource.props, "metadata", "name");
    return asArray(at(resource.props, "spec", "ports")).flatMap((port) => {
      const target = at(port, "targetPort") ?? at(port, "port");
      const containerPort = typeof target === "number" ? target : portsByName.get(target);
      const via = `${type} Service ${typeof serviceName === "string" ? serviceName : resource.name}`;
      return typeof containerPort === "number" ? [{ port: containerPort, via }] : [];
    });
  });
  const firstName = containers[0]?.name;
  const name = typeof firstName === "string" ? firstName : workload.name;
  return { service: serviceName(files, name), platform: "kubernetes", urn: workload.urn, files, mounts, exposedPorts };
}

/**
 * The service one resource shows alone, for rules that need no other resource: a Docker container
 * whole, or the files of a ConfigMap or Secret (Kubernetes); undefined for any other resource.
 */
export function serviceOfResource(resource: ResourceView): DeployedService | undefined {
  if (resource.type === CONTAINER) return dockerService(resource);
  if (resource.type !== CONFIG_MAP && resource.type !== SECRET) return undefined;
  const files = resource.type === CONFIG_MAP ? stringMap(resource.props.data) : stringMap(resource.props.stringData);
  return { service: serviceName(files, resource.name), platform: "kubernetes", urn: resource.urn, files, mounts: [], exposedPorts: [] };
}

/** Every container or workload of the stack as a DeployedService. */
export function deployedServices(resources: readonly ResourceView[]): DeployedService[] {
  return resources.flatMap((resource) => {
    if (resource.type === CONTAINER) return [dockerService(resource)];
    if (WORKLOADS.has(resource.type)) return [kubernetesService(resource, resources)];
    return [];
  });
}
