import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceDescription } from "../../services/serviceDescription";
import { createInStartOrder } from "../../services/startOrder";
import { DockerService } from "./dockerService";

export interface DockerPlatformArgs {
  services: ServiceDescription[];
  namePrefix: string;
  bindAddress: string;
}

/** Runs service descriptions as containers on one private network, where each is known by its name. */
export class DockerPlatform extends pulumi.ComponentResource {
  readonly network: docker.Network;
  readonly services: Map<string, DockerService>;

  constructor(name: string, args: DockerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:docker:Platform", name, {}, opts);
    this.network = new docker.Network(`${name}-network`, { name: args.namePrefix, driver: "bridge" }, { parent: this });
    this.services = createInStartOrder(
      args.services,
      (service, after: DockerService[]) =>
        new DockerService(
          `${name}-${service.name}`,
          {
            service,
            namePrefix: args.namePrefix,
            networkName: this.network.name,
            bindAddress: args.bindAddress,
            after: after.map((dependency) => dependency.container),
          },
          { parent: this },
        ),
    );
    this.registerOutputs({ network: this.network.name });
  }
}
