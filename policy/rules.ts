import {
  asArray,
  asRecord,
  at,
  deployedServices,
  isRecord,
  JAEGER_CONFIG,
  MILVUS_USER_YAML,
  podContainers,
  yamlFile,
  type DeployedService,
  type ResourceView,
} from "./deployedServices";

/** A finding of one rule: what is wrong and the stack setting that changes it, on the resource at fault. */
export interface Finding {
  message: string;
  urn: string;
}

/** The settings live in the program's namespace; messages name them as `pulumi config set` takes them. */
const key = (name: string): string => `milvus-tracing:${name}`;

const MILVUS_GRPC = 19530;
const POD_SECURITY = "pod-security.kubernetes.io/enforce";
const POD_SECURITY_LEVELS = ["baseline", "restricted"];

/** `vector-store` -> `vectorStore`: the prefix of a service's settings (components/settings/serviceSettingKeys.ts). */
function keyPrefix(service: string): string {
  return service.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** OTLP over TLS: Milvus exports with `trace.otlp.secure`, and Jaeger's OTLP receivers ask for TLS. */
export function otlpOverTls(service: DeployedService): Finding[] {
  const findings: Finding[] = [];
  const milvus = yamlFile(service, MILVUS_USER_YAML);
  if (milvus !== undefined && at(milvus, "trace", "otlp", "secure") !== true) {
    findings.push({ urn: service.urn, message: `Milvus exports its spans in plaintext (trace.otlp.secure is not true): set ${key("secure")} to true.` });
  }
  const jaeger = yamlFile(service, JAEGER_CONFIG);
  for (const [receiver, protocols] of Object.entries(asRecord(at(jaeger, "receivers")))) {
    if (!receiver.startsWith("otlp")) continue;
    for (const [protocol, settings] of Object.entries(asRecord(at(protocols, "protocols")))) {
      if (at(settings, "tls") === undefined) {
        findings.push({ urn: service.urn, message: `Jaeger's OTLP receiver ${receiver} (${protocol}) accepts plaintext: set ${key("secure")} to true.` });
      }
    }
  }
  return findings;
}

/** A tail_sampling processor in the trace pipeline: Jaeger's collector decides which traces stay. */
function jaegerTailSamples(jaeger: unknown): boolean {
  return asArray(at(jaeger, "service", "pipelines", "traces", "processors")).some((processor) => typeof processor === "string" && processor.split("/")[0] === "tail_sampling");
}

/** Not every trace kept: Milvus samples below 1, or Jaeger's collector samples the tail. */
export function samplesTraces(services: readonly DeployedService[]): Finding[] {
  const tail = services.some((service) => jaegerTailSamples(yamlFile(service, JAEGER_CONFIG)));
  if (tail) return [];
  return services.flatMap((service) => {
    const milvus = yamlFile(service, MILVUS_USER_YAML);
    if (milvus === undefined) return [];
    const fraction = Number(at(milvus, "trace", "sampleFraction") ?? 1);
    if (fraction < 1) return [];
    return [
      {
        urn: service.urn,
        message: `Milvus records every trace (trace.sampleFraction ${fraction}) and Jaeger keeps all it gets: set ${key("sampleFraction")} below 1 (0.1 keeps one in ten), or ${key("samplingMode")} to tail.`,
      },
    ];
  });
}

/** Jaeger's listeners by port, with the authenticator each asks for (none: undefined). */
function jaegerListeners(jaeger: unknown): Map<number, string | undefined> {
  const listeners = new Map<number, string | undefined>();
  const extensions = new Set(asArray(at(jaeger, "service", "extensions")));
  const add = (server: unknown): void => {
    const endpoint = at(server, "endpoint");
    if (typeof endpoint !== "string") return;
    const port = Number(endpoint.split(":").pop());
    const authenticator = at(server, "auth", "authenticator");
    // An authenticator counts only if it is configured and switched on.
    const on = typeof authenticator === "string" && extensions.has(authenticator) && at(jaeger, "extensions", authenticator) !== undefined;
    listeners.set(port, on ? authenticator : undefined);
  };
  add(at(jaeger, "extensions", "jaeger_query", "http"));
  add(at(jaeger, "extensions", "jaeger_query", "grpc"));
  add(at(jaeger, "extensions", "healthcheckv2", "http"));
  for (const receiver of Object.values(asRecord(at(jaeger, "receivers")))) {
    for (const protocol of Object.values(asRecord(at(receiver, "protocols")))) add(protocol);
  }
  for (const reader of asArray(at(jaeger, "service", "telemetry", "metrics", "readers"))) {
    const port = at(reader, "pull", "exporter", "prometheus", "port");
    if (typeof port === "number") listeners.set(port, undefined);
  }
  return listeners;
}

/** Whether a port of the service asks for a login; a reason why not otherwise. */
function loginMissing(service: DeployedService, port: number): string | undefined {
  const milvus = yamlFile(service, MILVUS_USER_YAML);
  if (milvus !== undefined) {
    if (port !== MILVUS_GRPC) return "Milvus's health and metrics port has no login";
    return at(milvus, "common", "security", "authorizationEnabled") === true ? undefined : "Milvus's authorization is off (common.security.authorizationEnabled)";
  }
  const jaeger = yamlFile(service, JAEGER_CONFIG);
  if (jaeger !== undefined) {
    const listeners = jaegerListeners(jaeger);
    if (!listeners.has(port)) return "no Jaeger listener is configured there";
    return listeners.get(port) === undefined ? "Jaeger's listener there has no authenticator (basicauth)" : undefined;
  }
  return "no login of this service is known to the policy";
}

/** Nothing reachable beyond loopback (Docker) or the cluster (Kubernetes) without a login. */
export function exposedOnlyWithLogin(services: readonly DeployedService[]): Finding[] {
  return services.flatMap((service) =>
    service.exposedPorts.flatMap(({ port, via }) => {
      const missing = loginMissing(service, port);
      if (missing === undefined) return [];
      const change =
        service.platform === "docker"
          ? `set ${key("bindAddress")} to 127.0.0.1`
          : `set ${key("serviceType")} to ClusterIP, or leave port ${port} out of ${key("externalPorts")}`;
      return [{ urn: service.urn, message: `${service.service} port ${port} is reachable from outside (${via}) without a login: ${missing}. ${change}.` }];
    }),
  );
}

const K8S_RESOURCES = [
  ["requests", "cpu", "CpuRequest"],
  ["requests", "memory", "MemoryRequest"],
  ["limits", "cpu", "CpuLimit"],
  ["limits", "memory", "MemoryLimit"],
] as const;

/** Docker has no CPU request: its limit and memory reservation stand for the rest. */
const DOCKER_RESOURCES = [
  ["cpus", "CpuLimit"],
  ["memory", "MemoryLimit"],
  ["memoryReservation", "MemoryRequest"],
] as const;

function present(value: unknown): boolean {
  return (typeof value === "string" && value !== "") || (typeof value === "number" && value > 0);
}

/** Requests and limits on every container of a workload (Kubernetes) and on every Docker container. */
export function requestsAndLimits(resource: ResourceView): Finding[] {
  const missingKeys = (service: string, suffixes: readonly string[]): Finding[] =>
    suffixes.length === 0
      ? []
      : [{ urn: resource.urn, message: `${service} runs without a request or limit: set ${suffixes.map((suffix) => key(`${keyPrefix(service)}${suffix}`)).join(", ")}.` }];
  if (resource.type === "docker:index/container:Container") {
    const [service] = deployedServices([resource]);
    if (!service) return [];
    return missingKeys(service.service, DOCKER_RESOURCES.filter(([input]) => !present(resource.props[input])).map(([, suffix]) => suffix));
  }
  return podContainers(resource).flatMap((container) => {
    const name = typeof container.name === "string" ? container.name : resource.name;
    return missingKeys(name, K8S_RESOURCES.filter(([kind, quantity]) => !present(at(container, "resources", kind, quantity))).map(([, , suffix]) => suffix));
  });
}

/** The namespace enforces Pod Security (baseline or restricted). */
export function podSecurityLabelled(resource: ResourceView): Finding[] {
  const level = at(resource.props, "metadata", "labels", POD_SECURITY);
  if (typeof level === "string" && POD_SECURITY_LEVELS.includes(level)) return [];
  const name = at(resource.props, "metadata", "name");
  return [
    {
      urn: resource.urn,
      message: `Namespace ${typeof name === "string" ? name : resource.name} enforces no Pod Security (${POD_SECURITY}: ${typeof level === "string" ? level : "unset"}): label it ${POD_SECURITY}=baseline or restricted (the namespace the program makes from ${key("namespace")} carries baseline).`,
    },
  ];
}

/** Jaeger keeps its traces across restarts: Badger, not ephemeral, on a volume that outlives the container. */
export function jaegerStoragePersistent(services: readonly DeployedService[]): Finding[] {
  return services.flatMap((service) => {
    const jaeger = yamlFile(service, JAEGER_CONFIG);
    if (jaeger === undefined) return [];
    const backends = Object.entries(asRecord(at(jaeger, "extensions", "jaeger_storage", "backends")));
    return backends.flatMap(([name, backend]): Finding[] => {
      const badger = at(backend, "badger");
      if (!isRecord(badger)) {
        return [{ urn: service.urn, message: `Jaeger keeps its traces (${name}) in memory, lost when it stops: set ${key("jaegerStorage")} to badger.` }];
      }
      if (badger.ephemeral !== false) {
        return [{ urn: service.urn, message: `Jaeger's Badger store ${name} is ephemeral: set ${key("jaegerStorage")} to badger, which the program writes with ephemeral: false.` }];
      }
      const directories = Object.values(asRecord(badger.directories)).filter((directory): directory is string => typeof directory === "string");
      const unkept = directories.filter((directory) => !service.mounts.some((mount) => mount.persistent && (directory === mount.path || directory.startsWith(`${mount.path.replace(/\/$/, "")}/`))));
      return unkept.length === 0
        ? []
        : [
            {
              urn: service.urn,
              message: `Jaeger's Badger directories ${unkept.join(", ")} are on no persistent volume (a named volume, or a claim): set ${key("jaegerStorage")} to badger, whose data volume the program makes.`,
            },
          ];
    });
  });
}
