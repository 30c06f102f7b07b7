import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceDescription } from "../../services/serviceDescription";
import { createInStartOrder, startingAfter } from "../../services/startOrder";
import type { DockerSettings } from "../../settings/settings";
import { endpointsOf, type PlatformEndpoints } from "../serviceEndpoint";
import { dockerLabels } from "./dockerValues";
import { DockerService } from "./dockerService";

export interface DockerPlatformArgs {
  services: ServiceDescription[];
  namePrefix: string;
  settings: DockerSettings;
  /** Port ids that leave the deployer's machine (settings.leavingPorts). */
  leavingPorts: readonly string[];
  /** Labels every network, container and volume carries: the stack that owns it. */
  labels: Readonly<Record<string, string>>;
}

/** Runs service descriptions as containers on one private network, where each is known by its name. */
export class DockerPlatform extends pulumi.ComponentResource {
  readonly network: docker.Network;
  readonly endpoints: PlatformEndpoints;

  constructor(name: string, args: DockerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:docker:Platform", name, {}, opts);
    this.network = new docker.Network(`${name}-network`, { name: args.namePrefix, driver: "bridge", labels: dockerLabels(args.labels) }, { parent: this });
    const services = createInStartOrder(
      args.services,
      (service, after: DockerService[]) =>
        new DockerService(
          `${name}-${service.name}`,
          {
            service,
            namePrefix: args.namePrefix,
            labels: args.labels,
            networkName: this.network.name,
            bindAddress: args.settings.bindAddress,
            hostPorts: args.settings.hostPorts,
            leavingPorts: args.leavingPorts,
            after: after.flatMap((dependency) => dependency.containers),
            startsAfterIt: startingAfter(args.services, service.name),
          },
          { parent: this },
        ),
    );
    this.endpoints = endpointsOf(services.values());
    this.registerOutputs({ network: this.network.name });
  }
}
