import type { ForwardSecrets } from "./forwardSecrets";
import { JAEGER_PORTS } from "../render/jaegerConfig";
import type { ComputeResources, Settings } from "../settings/settings";
import { describeJaeger } from "./jaegerService";
import { describeMilvus, MILVUS_PORTS } from "./milvusService";
import type * as pulumi from "@pulumi/pulumi";
import { portId, type OutsideListener, type PortAccess, type ServiceDescription } from "./serviceDescription";
import type { TlsMaterial } from "./tlsMaterial";
import { orderByStartsAfter } from "./startOrder";
import { traceReceiverAddress, traceReceiverOf } from "./traceReceiver";

/**
 * Every service the stack runs, said once: its image, ports and resources, from which the setting
 * keys, their defaults, the publishable and external ports, the lab's substitute images and the
 * stack's image outputs all derive, and the function that describes it for the platforms. A new
 * service is a row here and its description; no platform, setting or script changes.
 */
export interface ServiceEntry {
  /** Also its host name on the platform, the prefix of its setting keys and of its port ids. */
  name: string;
  /** As setting descriptions name it: "Milvus". */
  title: string;
  /** `<name>Image`, and `lab<Name>Image` for the lab's build that npm start may put in its place. */
  image: { default: string; description: string };
  ports: readonly PortEntry[];
  /** Defaults of `<name>CpuRequest`, `<name>MemoryRequest`, `<name>CpuLimit`, `<name>MemoryLimit`. */
  resources: ComputeResources;
  /** The service plays the trace receiver, where Milvus and clients send OTLP gRPC: on this port. */
  traceReceiver?: { otlpGrpcPort: string; otlpHttpPort: string };
  /**
   * The user it asks for, with a generated password, once one of its ports leaves the platform
   * (exposure.ts); its description says how the service learns them.
   */
  login?: { username: string };
  describe(settings: Settings, context: DescribeContext): ServiceDetails;
}

export interface PortEntry {
  /** At most 15 lower-case characters: Kubernetes uses it as the port name. */
  name: string;
  containerPort: number;
  /** Docker: the setting of the host port that publishes it (default: the container port); without one it stays on the network. */
  hostPort?: { key: string; description: string };
  /** Kubernetes, serviceType NodePort or LoadBalancer: whether externalPorts may name it, and names it by default. */
  external?: "byDefault" | "whenChosen";
  /** Who may connect inside the platform (default: anywhere). */
  access?: PortAccess;
  /** Where clients outside the platform connect instead, with TLS and the service's login, once the port leaves it. */
  outside?: OutsideListener;
}

/** What the table resolves for a service before describing it. */
export interface DescribeContext {
  /** The image that runs: the configured one, or the lab's substitute. */
  image: string;
  resources: ComputeResources;
  tls: TlsMaterial | undefined;
  /** The service that receives traces, and host:port on the platform's network where it takes OTLP gRPC. */
  traceReceiver: { service: string; otlpGrpc: string };
  /** The login clients must give, when the service asks for one. */
  login: ServiceLogin | undefined;
  /** The forward target's secret values, when Jaeger (or, under milvus-direct, Milvus) forwards. */
  forward?: ForwardSecrets | undefined;
}

export interface ServiceLogin {
  username: string;
  /** A Pulumi secret. */
  password: pulumi.Output<string>;
}

/** A description less what the table says: name, image, ports and resources. */
export type ServiceDetails = Omit<ServiceDescription, "name" | "image" | "ports" | "resources">;

export const MILVUS_IMAGE = "milvusdb/milvus:v2.6.15";
export const JAEGER_IMAGE = "jaegertracing/jaeger:2.20.0";

/** In the order of their settings; platforms create them in start order. */
export const SERVICE_TABLE: readonly ServiceEntry[] = [
  {
    name: "milvus",
    title: "Milvus",
    image: { default: MILVUS_IMAGE, description: "Milvus image (standalone with embedded etcd)." },
    ports: [
      { name: "grpc", containerPort: MILVUS_PORTS.grpc, hostPort: { key: "milvusPort", description: "Docker: host port for Milvus gRPC." }, external: "byDefault" },
      {
        name: "health",
        containerPort: MILVUS_PORTS.health,
        hostPort: { key: "milvusHealthPort", description: "Docker: host port for Milvus /healthz and metrics (always on 127.0.0.1)." },
        access: "namespace",
      },
    ],
    resources: { cpuRequest: "500m", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "8Gi" },
    // Milvus's built-in superuser: authorization on, with the root password generated for the stack.
    login: { username: "root" },
    describe: describeMilvus,
  },
  {
    name: "jaeger",
    title: "Jaeger",
    image: { default: JAEGER_IMAGE, description: "Jaeger v2 image." },
    ports: [
      {
        name: "otlp-grpc",
        containerPort: JAEGER_PORTS.otlpGrpc,
        hostPort: { key: "otlpGrpcPort", description: "Docker: host port for Jaeger's OTLP gRPC receiver (on 127.0.0.1 unless secure)." },
        external: "whenChosen",
        access: "traceSenders",
        outside: { name: "otlp-grpc-out", containerPort: JAEGER_PORTS.otlpGrpcOutside },
      },
      {
        name: "otlp-http",
        containerPort: JAEGER_PORTS.otlpHttp,
        hostPort: { key: "otlpHttpPort", description: "Docker: host port for Jaeger's OTLP HTTP receiver (on 127.0.0.1 unless secure)." },
        external: "whenChosen",
        access: "traceSenders",
        outside: { name: "otlp-http-out", containerPort: JAEGER_PORTS.otlpHttpOutside },
      },
      {
        name: "query",
        containerPort: JAEGER_PORTS.queryHttp,
        hostPort: { key: "jaegerUiPort", description: "Docker: host port for the Jaeger UI and query API." },
        external: "byDefault",
      },
      { name: "health", containerPort: JAEGER_PORTS.health, access: "namespace" },
      {
        name: "metrics",
        containerPort: JAEGER_PORTS.metrics,
        hostPort: { key: "jaegerMetricsPort", description: "Docker: host port for Jaeger's collector metrics (always on 127.0.0.1)." },
        access: "namespace",
      },
    ],
    resources: { cpuRequest: "100m", memoryRequest: "256Mi", cpuLimit: "1", memoryLimit: "1Gi" },
    traceReceiver: { otlpGrpcPort: "otlp-grpc", otlpHttpPort: "otlp-http" },
    // For the query API and UI and the outside OTLP receivers, through the basicauth extension.
    login: { username: "jaeger" },
    describe: describeJaeger,
  },
];

/**
 * The services of the table the stack runs: all of them, except under milvus-direct, where Milvus
 * exports to the team's backend itself and the trace receiver (Jaeger) is left out with its
 * container or Deployment, volume, ports and login.
 */
export function deployedServices(table: readonly ServiceEntry[], settings: Pick<Settings, "forward">): ServiceEntry[] {
  return settings.forward?.mode === "milvus-direct" ? table.filter((service) => service.traceReceiver === undefined) : [...table];
}

/**
 * The services of the table that ask for a login: those the stack runs with one and a port that
 * leaves the platform (only ports open to any client, or with an outside listener, may: validateSettings).
 */
export function servicesAskingForLogin(table: readonly ServiceEntry[], settings: Pick<Settings, "leavingPorts" | "forward">): ServiceEntry[] {
  return deployedServices(table, settings).filter(
    (service) => service.login !== undefined && service.ports.some((port) => settings.leavingPorts.includes(portId(service, port))),
  );
}

/**
 * Every service the stack runs (deployedServices) described for the platforms, from the stack's settings. `logins`, by
 * service name, are those of servicesAskingForLogin; without them (the ownership check, which reads
 * only names) no service asks for one.
 */
export function describeServices(
  table: readonly ServiceEntry[],
  settings: Settings,
  tls: TlsMaterial | undefined,
  logins: ReadonlyMap<string, ServiceLogin> = new Map(),
  forward?: ForwardSecrets,
): ServiceDescription[] {
  const receiver = traceReceiverOf(table);
  const traceReceiver = { service: receiver.service, otlpGrpc: traceReceiverAddress(receiver) };
  const described = deployedServices(table, settings).map((service): ServiceDescription => {
    const image = settings.images[service.name];
    const resources = settings.resources[service.name];
    if (image === undefined || resources === undefined) throw new Error(`The settings were validated without service ${service.name}`);
    return {
      name: service.name,
      image,
      ports: service.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, access: port.access ?? "anywhere", outside: port.outside })),
      resources,
      ...service.describe(settings, { image, resources, tls, traceReceiver, login: logins.get(service.name), forward }),
    };
  });
  // Its checks (unique names, replicas, health of what others start after) fail here, before any resource.
  orderByStartsAfter(described);
  return described;
}
