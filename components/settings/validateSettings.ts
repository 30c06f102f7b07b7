import {
  parseBoolean,
  parseChoice,
  parseDnsLabel,
  parseDnsLabelList,
  parseDnsSubdomain,
  parseObjectRefs,
  parseImage,
  parseInteger,
  parseIpv4,
  parseNonEmptyString,
  parseCpuQuantity,
  parseChoiceList,
  parseDuration,
  parseMemoryQuantity,
  type Parsed,
} from "./parsers";
import { defaultNamespace } from "../ownership/stackOwner";
import { portsLeavingPlatform } from "./exposure";
import { readSampling } from "./samplingSettings";
import { cpuMillicores, memoryBytes } from "./quantities";
import { portId } from "../services/serviceDescription";
import { deployedServices, SERVICE_TABLE, type ServiceEntry } from "../services/serviceTable";
import { externalPortChoice, imageKey, labImageKey, publishablePorts, resourceKey } from "./serviceSettingKeys";
import { readForward } from "./forwardSettings";
import { milvusDirectProblems } from "./milvusDirect";
import { settingKeys, TLS_KEYS } from "./settingKeys";
import { JAEGER_STORAGES, OTLP_METHODS, SERVICE_TYPES, TARGETS, type ComputeResources, type DockerHostPorts, type Settings } from "./settings";

/** Raw values as Pulumi config hands them over: strings, numbers or booleans; undefined when unset. */
export type RawSettings = Readonly<Partial<Record<string, unknown>>>;

export class SettingsError extends Error {
  constructor(
    readonly configNamespace: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid stack configuration (nothing was deployed):\n${problems.map((p) => `  - ${configNamespace}:${p}`).join("\n")}`,
    );
    this.name = "SettingsError";
  }
}

/** Kinds of the fixed-name objects the platforms create, which adoptObjects may name. */
const ADOPTABLE_KINDS = ["namespace", "deployment", "statefulset", "service", "persistentvolumeclaim", "network", "container", "volume"] as const;
const EXAMPLE_FILE: Readonly<Record<string, string>> = { tlsCert: "server.pem", tlsKey: "server-key.pem", tlsCa: "ca.pem" };

/**
 * Turns raw stack config into Settings, or throws one SettingsError that lists every bad value:
 * a person fixing a stack file should see all of its mistakes at once. `secretKeys` names the keys
 * the stack stores encrypted; certificates and keys given in plain text are refused. `table` is
 * the services whose settings there are.
 */
export function validateSettings(
  raw: RawSettings,
  configNamespace = "milvus-tracing",
  secretKeys: ReadonlySet<string> = new Set(),
  /** The stack being deployed: a Kubernetes stack that names no namespace gets one of its own. */
  stack = "dev",
  table: readonly ServiceEntry[] = SERVICE_TABLE,
): Settings {
  const keys = settingKeys(table);
  const defaults: ReadonlyMap<string, unknown> = new Map(keys.map((s) => [s.key, s.default]));
  const known = new Set<string>(keys.map((s) => s.key));
  const problems: string[] = [...suppliedTlsProblems(raw, secretKeys, TLS_KEYS)];

  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      problems.push(`${key} is not a setting of this program; known settings: ${[...known].join(", ")}`);
    }
  }

  const valueOf = (key: string): unknown => raw[key] ?? defaults.get(key);
  function read<T>(key: string, parse: (value: unknown) => Parsed<T>, fallback: T): T {
    const value = valueOf(key);
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    problems.push(`${key} = ${JSON.stringify(value)} is not allowed: expected ${parsed.allowed}`);
    return fallback;
  }
  function readOptional(key: string): string | undefined {
    const value = valueOf(key);
    return value === undefined || value === "" ? undefined : read(key, parseNonEmptyString, "");
  }
  const port = (key: string): number => read(key, (v) => parseInteger(v, 1, 65535), 0);
  const resources = (service: ServiceEntry): ComputeResources => {
    const quantities = {
      cpuRequest: read(resourceKey(service, "cpuRequest"), parseCpuQuantity, ""),
      memoryRequest: read(resourceKey(service, "memoryRequest"), parseMemoryQuantity, ""),
      cpuLimit: read(resourceKey(service, "cpuLimit"), parseCpuQuantity, ""),
      memoryLimit: read(resourceKey(service, "memoryLimit"), parseMemoryQuantity, ""),
    };
    problems.push(...requestsAboveLimits(service, quantities));
    return quantities;
  };
  const byService = <T>(value: (service: ServiceEntry) => T): Record<string, T> => Object.fromEntries(table.map((service) => [service.name, value(service)]));

  const publishable = publishablePorts(table);
  const hostPorts: DockerHostPorts = Object.fromEntries(publishable.map(({ id, key }) => [id, port(key)]));
  problems.push(...duplicatePorts(hostPorts, new Map(publishable.map(({ id, key }) => [id, key]))));

  const configuredImages = byService((service) => read(imageKey(service), parseImage, ""));
  const labImage = (key: string): string | undefined => (valueOf(key) === "" ? undefined : read(key, parseImage, ""));
  // One setting for both services' data: read once, so a bad value is listed once.
  const retainData = read("retainData", parseBoolean, true);

  const batchDelayMs = read("traceBatchDelayMs", (v) => parseInteger(v, 100, 60_000), 5000);
  const sampling = readSampling(raw, read, problems, batchDelayMs);

  const settings: Settings = {
    target: read("target", (v) => parseChoice(v, TARGETS), "docker"),
    adoptObjects: read("adoptObjects", (v) => parseObjectRefs(v, ADOPTABLE_KINDS), []),
    tracing: {
      sampleFraction: sampling.sampleFraction,
      secure: read("secure", parseBoolean, false),
      otlpMethod: valueOf("otlpMethod") === "http" ? refuseHttp() : read("otlpMethod", (v) => parseChoice(v, OTLP_METHODS), "grpc"),
      initTimeoutSeconds: read("initTimeoutSeconds", (v) => parseInteger(v, 1, 300), 10),
      batchDelayMs,
    },
    sampling,
    forward: readForward(raw, read, problems, secretKeys),
    images: byService((service) => labImage(labImageKey(service)) ?? configuredImages[service.name] ?? ""),
    configuredImages,
    jaegerMaxTraces: read("jaegerMaxTraces", (v) => parseInteger(v, 1000, 10_000_000), 0),
    jaegerStorage: {
      backend: read("jaegerStorage", (v) => parseChoice(v, JAEGER_STORAGES), "badger"),
      retention: read("jaegerRetention", (v) => parseDuration(v, 60, 8760 * 3600), ""),
      dataSize: read("jaegerDataSize", parseMemoryQuantity, ""),
      retainOnDelete: retainData,
    },
    docker: { bindAddress: read("bindAddress", parseIpv4, ""), hostPorts },
    kubernetes: {
      namespace: valueOf("namespace") === "" ? defaultNamespace(stack) : read("namespace", parseDnsLabel, ""),
      createNamespace: readCreateNamespace(),
      serviceType: read("serviceType", (v) => parseChoice(v, SERVICE_TYPES), "ClusterIP"),
      externalPorts: readExternalPorts(),
      otlpClientNamespaces: read("otlpClientNamespaces", parseDnsLabelList, []),
      kubeconfig: readOptional("kubeconfig"),
      context: readOptional("kubeContext"),
      storageClass: valueOf("storageClass") === "" ? undefined : read("storageClass", parseDnsSubdomain, ""),
    },
    milvusData: { size: read("milvusDataSize", parseMemoryQuantity, ""), retainOnDelete: retainData },
    resources: byService(resources),
    leavingPorts: [],
  };
  problems.push(...milvusDirectProblems(settings, TLS_KEYS.filter((key) => raw[key] !== undefined && raw[key] !== ""), table));
  settings.leavingPorts = portsLeavingPlatform(settings, deployedServices(table, settings));

  if (problems.length > 0) throw new SettingsError(configNamespace, problems);
  return settings;

  /**
   * A namespace the stack does not create is one the caller named: the default is this stack's own
   * name, which nobody else would have made for it.
   */
  function readCreateNamespace(): boolean {
    const create = read("createNamespace", parseBoolean, true);
    if (!create && valueOf("target") === "kubernetes" && valueOf("namespace") === "") {
      problems.push(
        "createNamespace = false is not allowed without namespace: expected namespace set to the namespace to deploy into, one the caller creates (before this stack's objects) and keeps",
      );
    }
    return create;
  }

  /**
   * A port with an outside listener leaves the cluster only through it, which asks for TLS: say so
   * rather than only what is allowed.
   */
  function readExternalPorts(): string[] {
    const chosen = read("externalPorts", (v) => parseChoiceList(v, externalPortChoice(table).allowed), []);
    const needTls = table.flatMap((service) => service.ports.filter((port) => port.outside !== undefined && chosen.includes(portId(service, port))).map((port) => portId(service, port)));
    if (needTls.length > 0 && valueOf("secure") !== true && valueOf("secure") !== "true") {
      problems.push(
        `externalPorts = ${JSON.stringify(valueOf("externalPorts"))} is not allowed with secure = false: ${needTls.join(" and ")} ` +
          `${needTls.length > 1 ? "leave" : "leaves"} the cluster only through a receiver that asks for TLS and Jaeger's login; expected secure = true, or a list without ${needTls.length > 1 ? "them" : "it"}`,
      );
    }
    return chosen;
  }

  /**
   * Milvus hands trace.otlp.endpoint to two exporters: Go's otlptracehttp takes it as host:port,
   * the C++ (segcore) one as a full URL, so `jaeger:4318` makes segcore POST to "/" and its spans
   * are lost, while a URL breaks the Go side. No endpoint serves both over HTTP.
   */
  function refuseHttp(): "grpc" {
    problems.push(
      'otlpMethod = "http" is not allowed: expected grpc. Milvus sends trace.otlp.endpoint to its Go exporter as host:port ' +
        "and to its C++ (segcore) exporter as a full URL, so over HTTP one of the two always loses its spans",
    );
    return "grpc";
  }
}

/** Kubernetes refuses a Deployment whose request exceeds its limit; say so at preview instead. */
function requestsAboveLimits(service: ServiceEntry, resources: ComputeResources): string[] {
  const problems: string[] = [];
  const compare = (kind: "cpu" | "memory", amount: (quantity: string) => number): void => {
    const request = resources[`${kind}Request`];
    const limit = resources[`${kind}Limit`];
    if (request === "" || limit === "" || amount(request) <= amount(limit)) return;
    problems.push(
      `${resourceKey(service, `${kind}Request`)} = ${JSON.stringify(request)} is not allowed: expected at most ${resourceKey(service, `${kind}Limit`)} (${JSON.stringify(limit)}); a request above its limit is refused by Kubernetes`,
    );
  };
  compare("cpu", cpuMillicores);
  compare("memory", memoryBytes);
  return problems;
}

/** A supplied certificate is all of tlsCert, tlsKey and tlsCa, each stored as a secret. */
function suppliedTlsProblems(raw: RawSettings, secretKeys: ReadonlySet<string>, tlsKeys: readonly string[]): string[] {
  const present = tlsKeys.filter((key) => raw[key] !== undefined && raw[key] !== "");
  const problems = present
    .filter((key) => !secretKeys.has(key))
    .map(
      (key) =>
        `${key} is set in plain text (value not shown): expected a secret; set it with ` +
        `pulumi config set --secret ${key} -- "$(cat ${EXAMPLE_FILE[key] ?? "file.pem"})"`,
    );
  if (present.length > 0 && present.length < tlsKeys.length) {
    const missing = tlsKeys.filter((key) => !present.includes(key));
    problems.push(
      `${present.join(" and ")} ${present.length > 1 ? "are" : "is"} set without ${missing.join(" and ")}: expected all of ${tlsKeys.join(", ")} as secrets, or none to have them generated`,
    );
  }
  return problems;
}

/** `keyOf` gives the setting of each port id's host port. */
function duplicatePorts(ports: DockerHostPorts, keyOf: ReadonlyMap<string, string>): string[] {
  const byPort = new Map<number, string[]>();
  for (const [id, value] of Object.entries(ports)) {
    if (value === 0) continue;
    byPort.set(value, [...(byPort.get(value) ?? []), keyOf.get(id) ?? id]);
  }
  return [...byPort.entries()]
    .filter(([, keys]) => keys.length > 1)
    .map(([value, keys]) => `${keys.join(" and ")} = ${value} is not allowed: expected a different host port for each`);
}
