import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { healthDeadlineSeconds, type ServiceDescription } from "../../services/serviceDescription";
import { toDockerCpus, toGoDuration, toMebibytes } from "./dockerValues";

export interface DockerServiceArgs {
  service: ServiceDescription;
  /** Prefix of every Docker object name, so two stacks on one engine do not collide. */
  namePrefix: string;
  networkName: pulumi.Input<string>;
  bindAddress: string;
  /** Containers that must be healthy first. */
  after: docker.Container[];
}

/** One service as a Docker container with its named volumes, config files uploaded into it. */
export class DockerService extends pulumi.ComponentResource {
  readonly container: docker.Container;

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

    const { health, resources } = service;
    this.container = new docker.Container(
      name,
      {
        name: `${namePrefix}-${service.name}`,
        image: service.image,
        command: service.args,
        envs: Object.entries(service.env).map(([key, value]) => `${key}=${value}`),
        ports: service.ports
          .filter((port) => port.hostPort !== undefined)
          .map((port) => ({ internal: port.containerPort, external: port.hostPort, ip: args.bindAddress })),
        networksAdvanced: [{ name: args.networkName, aliases: [service.name] }],
        uploads: service.files.map((file) => ({ file: file.path, content: file.content })),
        volumes,
        healthcheck: {
          tests: ["CMD", ...health.probeCommand],
          startPeriod: toGoDuration(health.startPeriodSeconds),
          interval: toGoDuration(health.intervalSeconds),
          timeout: toGoDuration(health.timeoutSeconds),
          retries: health.retries,
        },
        // Without this, `pulumi up` returns while Milvus is still starting and verify races it.
        wait: true,
        waitTimeout: healthDeadlineSeconds(health),
        securityOpts: service.seccompUnconfined ? ["seccomp=unconfined"] : [],
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

    this.registerOutputs({ container: this.container });
  }
}
