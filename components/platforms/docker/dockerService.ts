import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { healthDeadlineSeconds, portId, type ServiceDescription, type ServicePort } from "../../services/serviceDescription";
import type { ServiceEndpoint } from "../serviceEndpoint";
import { deployerHost } from "./deployerHost";
import { dockerHealthCheck } from "./dockerHealthCheck";
import { toDockerCpus, toMebibytes } from "./dockerValues";

export interface DockerServiceArgs {
  service: ServiceDescription;
  /** Prefix of every Docker object name, so two stacks on one engine do not collide. */
  namePrefix: string;
  networkName: pulumi.Input<string>;
  bindAddress: string;
  /** Host ports by port id; a port without one stays on the private network. */
  hostPorts: Readonly<Partial<Record<string, number>>>;
  /** Containers that must be healthy first. */
  after: docker.Container[];
  /** Services that start after this one: it must have a health check the engine can run. */
  startsAfterIt: readonly string[];
}

/** One service as a Docker container with its named volumes, config files uploaded into it. */
export class DockerService extends pulumi.ComponentResource {
  readonly container: docker.Container;
  /** Every port of the service by port id, as the container publishes it. */
  readonly endpoints: Map<string, ServiceEndpoint>;

  constructor(name: string, args: DockerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:docker:Service", name, {}, opts);
    const { service, namePrefix } = args;

    const volumes = service.volumes.map((volume) => ({
      containerPath: volume.mountPath,
      volumeName: new docker.Volume(
        `${name}-${volume.name}`,
        { name: `${namePrefix}-${service.name}-${volume.name}` },
        // The data outlives the container: replacing Milvus for a new config must not lose it.
        { parent: this, retainOnDelete: volume.retainOnDelete },
      ).name,
    }));

    const hostPortOf = (port: ServicePort): number | undefined => args.hostPorts[portId(service, port)];
    const published = service.ports.flatMap((port) => {
      const external = hostPortOf(port);
      return external === undefined ? [] : [{ internal: port.containerPort, external, ip: args.bindAddress }];
    });
    const healthcheck = dockerHealthCheck(service, args.startsAfterIt);
    const { resources } = service;
    this.container = new docker.Container(
      name,
      {
        name: `${namePrefix}-${service.name}`,
        image: service.image,
        command: service.args,
        envs: Object.entries(service.env).map(([key, value]) => `${key}=${value}`),
        ports: published,
        networksAdvanced: [{ name: args.networkName, aliases: [service.name] }],
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

    this.endpoints = new Map(
      service.ports.map((port) => [
        portId(service, port),
        {
          inPlatform: this.container.networksAdvanced.apply((networks) => `${networks?.[0]?.aliases?.[0] ?? service.name}:${port.containerPort}`),
          fromDeployer: hostPortOf(port) === undefined ? undefined : this.publishedAddress(port.containerPort),
          forward: undefined,
        },
      ]),
    );
    this.registerOutputs({ container: this.container });
  }

  /** host:port as the engine reports the publication. */
  private publishedAddress(containerPort: number): pulumi.Output<string> {
    return this.container.ports.apply((ports) => {
      const port = ports?.find((candidate) => candidate.internal === containerPort);
      if (port?.external === undefined) throw new Error(`The engine reports no host port for container port ${containerPort}`);
      return `${deployerHost(port.ip)}:${port.external}`;
    });
  }
}
