import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { healthDeadlineSeconds, portId, type ServiceDescription, type ServicePort } from "../../services/serviceDescription";
import type { ServiceEndpoint } from "../serviceEndpoint";
import { isLoopback } from "../../settings/exposure";
import { deployerHost } from "./deployerHost";
import { dockerHealthCheck, type DockerHealthCheck } from "./dockerHealthCheck";
import { dockerLabels, toDockerCpus, toMebibytes } from "./dockerValues";
import { dockerObjectNames, dockerReplicaNames } from "./objectNames";

export interface DockerServiceArgs {
  service: ServiceDescription;
  /** Prefix of every Docker object name, so two stacks on one engine do not collide. */
  namePrefix: string;
  /** Labels the container and its volumes carry: the stack that owns them. */
  labels: Readonly<Record<string, string>>;
  networkName: pulumi.Input<string>;
  bindAddress: string;
  /** Host ports by port id; a port without one stays on the private network. */
  hostPorts: Readonly<Partial<Record<string, number>>>;
  /** Port ids published on bindAddress (settings.leavingPorts); the others' host ports stay on loopback. */
  leavingPorts: readonly string[];
  /** Containers that must be healthy first. */
  after: docker.Container[];
  /** Services that start after this one: it must have a health check the engine can run. */
  startsAfterIt: readonly string[];
}

/**
 * One service as Docker containers, one per replica, each with its named volumes and the config
 * files uploaded into it, all known on the network by the service's name (the engine's DNS answers
 * with every container that carries the alias). A single stateless replica is named after the
 * service alone; otherwise each replica is `<service>-<n>`, as a StatefulSet names its pods, and is
 * also reachable under that name.
 */
export class DockerService extends pulumi.ComponentResource {
  readonly containers: docker.Container[];
  /** Every port of the service by port id, as the container publishes it. */
  readonly endpoints: Map<string, ServiceEndpoint>;

  constructor(name: string, args: DockerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:docker:Service", name, {}, opts);
    const { service } = args;

    const hostPortOf = (port: ServicePort): number | undefined => args.hostPorts[portId(service, port)];
    const leaves = (port: ServicePort): boolean => args.leavingPorts.includes(portId(service, port));
    // A port that leaves through an outside listener publishes that listener instead.
    const publishedPort = (port: ServicePort): number => (leaves(port) ? (port.outside?.containerPort ?? port.containerPort) : port.containerPort);
    const published = service.ports.flatMap((port) => {
      const external = hostPortOf(port);
      const ip = leaves(port) || isLoopback(args.bindAddress) ? args.bindAddress : "127.0.0.1";
      return external === undefined ? [] : [{ internal: publishedPort(port), external, ip }];
    });
    const { replicas } = service.workload;
    if (replicas > 1 && published.length > 0) {
      throw new Error(`Docker publishes a host port for one container only, and ${service.name} has ${replicas} replicas: publish none of its ports`);
    }
    const healthcheck = dockerHealthCheck(service, args.startsAfterIt);
    this.containers = dockerReplicaNames(service).map((replicaName) =>
      this.replica(`${name}${replicaName.slice(service.name.length)}`, replicaName, args, published, healthcheck),
    );

    const [first] = this.containers;
    if (!first) throw new Error(`${service.name} has no replicas`);
    this.endpoints = new Map(
      service.ports.map((port) => [
        portId(service, port),
        {
          inPlatform: first.networksAdvanced.apply((networks) => `${networks?.[0]?.aliases?.[0] ?? service.name}:${port.containerPort}`),
          fromDeployer: hostPortOf(port) === undefined ? undefined : publishedAddress(first, publishedPort(port)),
          forward: undefined,
        },
      ]),
    );
    this.registerOutputs({ containers: this.containers.map((container) => container.name) });
  }

  /** One replica's container and volumes, `replicaName` being the service's name for the only one. */
  private replica(
    name: string,
    replicaName: string,
    args: DockerServiceArgs,
    published: docker.types.input.ContainerPort[],
    healthcheck: DockerHealthCheck | undefined,
  ): docker.Container {
    const { service, namePrefix } = args;
    const names = dockerObjectNames(namePrefix, replicaName, service);
    const volumes = service.volumes.map((volume) => ({
      containerPath: volume.mountPath,
      volumeName: new docker.Volume(
        `${name}-${volume.name}`,
        { name: names.volumes.get(volume.name) ?? "", labels: dockerLabels(args.labels) },
        // The data outlives the container: replacing Milvus for a new config must not lose it.
        { parent: this, retainOnDelete: volume.retainOnDelete },
      ).name,
    }));
    const { resources } = service;
    return new docker.Container(
      name,
      {
        name: names.container,
        labels: dockerLabels(args.labels),
        image: service.image,
        command: service.args,
        envs: Object.entries(service.env).map(([key, value]) => `${key}=${value}`),
        ports: published,
        networksAdvanced: [{ name: args.networkName, aliases: replicaName === service.name ? [service.name] : [service.name, replicaName] }],
        uploads: service.files.map((file) => ({ file: file.path, content: file.content })),
        volumes,
        healthcheck,
        // Without this, `pulumi up` returns while Milvus is still starting and verify races it.
        wait: healthcheck !== undefined,
        waitTimeout: service.health ? healthDeadlineSeconds(service.health) : undefined,
        securityOpts: service.needsRelaxedSyscallFilter ? ["seccomp=unconfined"] : [],
        cpus: toDockerCpus(resources.cpuLimit),
        memory: toMebibytes(resources.memoryLimit),
        // Without it Docker reports swap as twice the memory and every refresh shows a diff.
        memorySwap: toMebibytes(resources.memoryLimit),
        memoryReservation: toMebibytes(resources.memoryRequest),
        restart: "unless-stopped",
        logOpts: { "max-size": "20m", "max-file": "3" },
      },
      // A fixed name and fixed host ports cannot exist twice, so a replacement deletes first.
      { parent: this, dependsOn: args.after, deleteBeforeReplace: true },
    );
  }
}

/** host:port as the engine reports the publication. */
function publishedAddress(container: docker.Container, containerPort: number): pulumi.Output<string> {
  return container.ports.apply((ports) => {
    const port = ports?.find((candidate) => candidate.internal === containerPort);
    if (port?.external === undefined) throw new Error(`The engine reports no host port for container port ${containerPort}`);
    return `${deployerHost(port.ip)}:${port.external}`;
  });
}
