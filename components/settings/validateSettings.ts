import {
  parseBoolean,
  parseChoice,
  parseDnsLabel,
  parseDnsSubdomain,
  parseObjectRefs,
  parseImage,
  parseInteger,
  parseIpv4,
  parseNonEmptyString,
  parseNumber,
  parseCpuQuantity,
  parseChoiceList,
  parseDuration,
  parseMemoryQuantity,
  type Parsed,
} from "./parsers";
import { defaultNamespace } from "../ownership/stackOwner";
import { cpuMillicores, memoryBytes } from "./quantities";
import { SETTING_KEYS, type SettingName } from "./settingKeys";
import {
  EXTERNAL_PORTS,
  JAEGER_STORAGES,
  OTLP_METHODS,
  SERVICE_TYPES,
  TARGETS,
  type ComputeResources,
  type DockerHostPorts,
  type Settings,
} from "./settings";

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
const ADOPTABLE_KINDS = ["namespace", "deployment", "service", "persistentvolumeclaim", "network", "container", "volume"] as const;
const DEFAULTS: ReadonlyMap<string, unknown> = new Map(SETTING_KEYS.map((s) => [s.key, s.default]));
const KNOWN_KEYS = new Set<string>(SETTING_KEYS.map((s) => s.key));
const SECRET_KEYS: readonly string[] = SETTING_KEYS.filter((s) => "secret" in s).map((s) => s.key);
const EXAMPLE_FILE: Readonly<Record<string, string>> = { tlsCert: "server.pem", tlsKey: "server-key.pem", tlsCa: "ca.pem" };

/**
 * Turns raw stack config into Settings, or throws one SettingsError that lists every bad value:
 * a person fixing a stack file should see all of its mistakes at once. `secretKeys` names the keys
 * the stack stores encrypted; certificates and keys given in plain text are refused.
 */
export function validateSettings(
  raw: RawSettings,
  configNamespace = "milvus-tracing",
  secretKeys: ReadonlySet<string> = new Set(),
  /** The stack being deployed: a Kubernetes stack that names no namespace gets one of its own. */
  stack = "dev",
): Settings {
  const problems: string[] = [...suppliedTlsProblems(raw, secretKeys)];

  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      problems.push(`${key} is not a setting of this program; known settings: ${[...KNOWN_KEYS].join(", ")}`);
    }
  }

  const valueOf = (key: SettingName): unknown => raw[key] ?? DEFAULTS.get(key);
  function read<T>(key: SettingName, parse: (value: unknown) => Parsed<T>, fallback: T): T {
    const value = valueOf(key);
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    problems.push(`${key} = ${JSON.stringify(value)} is not allowed: expected ${parsed.allowed}`);
    return fallback;
  }
  function readOptional(key: SettingName): string | undefined {
    const value = valueOf(key);
    return value === undefined || value === "" ? undefined : read(key, parseNonEmptyString, "");
  }
  const port = (key: SettingName): number => read(key, (v) => parseInteger(v, 1, 65535), 0);
  const resources = (prefix: "milvus" | "jaeger"): ComputeResources => {
    const quantities = {
      cpuRequest: read(`${prefix}CpuRequest`, parseCpuQuantity, ""),
      memoryRequest: read(`${prefix}MemoryRequest`, parseMemoryQuantity, ""),
      cpuLimit: read(`${prefix}CpuLimit`, parseCpuQuantity, ""),
      memoryLimit: read(`${prefix}MemoryLimit`, parseMemoryQuantity, ""),
    };
    problems.push(...requestsAboveLimits(prefix, quantities));
    return quantities;
  };

  const hostPorts: DockerHostPorts = {
    "milvus-grpc": port("milvusPort"),
    "milvus-health": port("milvusHealthPort"),
    "jaeger-query": port("jaegerUiPort"),
    "jaeger-otlp-grpc": port("otlpGrpcPort"),
    "jaeger-otlp-http": port("otlpHttpPort"),
  };
  problems.push(...duplicatePorts(hostPorts));

  const configuredImages = { milvus: read("milvusImage", parseImage, ""), jaeger: read("jaegerImage", parseImage, "") };
  const labImage = (key: SettingName): string | undefined => (valueOf(key) === "" ? undefined : read(key, parseImage, ""));
  // One setting for both services' data: read once, so a bad value is listed once.
  const retainData = read("retainData", parseBoolean, true);

  const settings: Settings = {
    target: read("target", (v) => parseChoice(v, TARGETS), "docker"),
    adoptObjects: read("adoptObjects", (v) => parseObjectRefs(v, ADOPTABLE_KINDS), []),
    tracing: {
      sampleFraction: read("sampleFraction", (v) => parseNumber(v, 0, 1), 0),
      secure: read("secure", parseBoolean, false),
      otlpMethod: valueOf("otlpMethod") === "http" ? refuseHttp() : read("otlpMethod", (v) => parseChoice(v, OTLP_METHODS), "grpc"),
      initTimeoutSeconds: read("initTimeoutSeconds", (v) => parseInteger(v, 1, 300), 10),
      batchDelayMs: read("traceBatchDelayMs", (v) => parseInteger(v, 100, 60_000), 5000),
    },
    images: { milvus: labImage("labMilvusImage") ?? configuredImages.milvus, jaeger: labImage("labJaegerImage") ?? configuredImages.jaeger },
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
      serviceType: read("serviceType", (v) => parseChoice(v, SERVICE_TYPES), "ClusterIP"),
      externalPorts: read("externalPorts", (v) => parseChoiceList(v, EXTERNAL_PORTS), []),
      kubeconfig: readOptional("kubeconfig"),
      context: readOptional("kubeContext"),
      storageClass: valueOf("storageClass") === "" ? undefined : read("storageClass", parseDnsSubdomain, ""),
    },
    milvusData: { size: read("milvusDataSize", parseMemoryQuantity, ""), retainOnDelete: retainData },
    resources: { milvus: resources("milvus"), jaeger: resources("jaeger") },
  };

  if (problems.length > 0) throw new SettingsError(configNamespace, problems);
  return settings;

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
function requestsAboveLimits(prefix: "milvus" | "jaeger", resources: ComputeResources): string[] {
  const problems: string[] = [];
  const compare = (kind: "Cpu" | "Memory", request: string, limit: string, amount: (quantity: string) => number): void => {
    if (request === "" || limit === "" || amount(request) <= amount(limit)) return;
    problems.push(
      `${prefix}${kind}Request = ${JSON.stringify(request)} is not allowed: expected at most ${prefix}${kind}Limit (${JSON.stringify(limit)}); a request above its limit is refused by Kubernetes`,
    );
  };
  compare("Cpu", resources.cpuRequest, resources.cpuLimit, cpuMillicores);
  compare("Memory", resources.memoryRequest, resources.memoryLimit, memoryBytes);
  return problems;
}

/** A supplied certificate is all of tlsCert, tlsKey and tlsCa, each stored as a secret. */
function suppliedTlsProblems(raw: RawSettings, secretKeys: ReadonlySet<string>): string[] {
  const present = SECRET_KEYS.filter((key) => raw[key] !== undefined && raw[key] !== "");
  const problems = present
    .filter((key) => !secretKeys.has(key))
    .map(
      (key) =>
        `${key} is set in plain text (value not shown): expected a secret; set it with ` +
        `pulumi config set --secret ${key} -- "$(cat ${EXAMPLE_FILE[key] ?? "file.pem"})"`,
    );
  if (present.length > 0 && present.length < SECRET_KEYS.length) {
    const missing = SECRET_KEYS.filter((key) => !present.includes(key));
    problems.push(
      `${present.join(" and ")} ${present.length > 1 ? "are" : "is"} set without ${missing.join(" and ")}: expected all of ${SECRET_KEYS.join(", ")} as secrets, or none to have them generated`,
    );
  }
  return problems;
}

const PORT_KEYS: Record<keyof DockerHostPorts, SettingName> = {
  "milvus-grpc": "milvusPort",
  "milvus-health": "milvusHealthPort",
  "jaeger-query": "jaegerUiPort",
  "jaeger-otlp-grpc": "otlpGrpcPort",
  "jaeger-otlp-http": "otlpHttpPort",
};

function duplicatePorts(ports: DockerHostPorts): string[] {
  const byPort = new Map<number, string[]>();
  for (const [field, value] of Object.entries(ports) as [keyof DockerHostPorts, number][]) {
    if (value === 0) continue;
    byPort.set(value, [...(byPort.get(value) ?? []), PORT_KEYS[field]]);
  }
  return [...byPort.entries()]
    .filter(([, keys]) => keys.length > 1)
    .map(([value, keys]) => `${keys.join(" and ")} = ${value} is not allowed: expected a different host port for each`);
}
