import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KubernetesSettings } from "../../settings/settings";
import type { ServiceDescription } from "../../services/serviceDescription";
import { createInStartOrder } from "../../services/startOrder";
import { KubernetesService } from "./kubernetesService";

export interface KubernetesPlatformArgs {
  services: ServiceDescription[];
  settings: KubernetesSettings;
}

/** Runs service descriptions in a namespace of their own, each reachable by its name as a Service. */
export class KubernetesPlatform extends pulumi.ComponentResource {
  readonly namespace: k8s.core.v1.Namespace;
  readonly services: Map<string, KubernetesService>;

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:kubernetes:Platform", name, {}, opts);
    const { settings } = args;
    const provider = new k8s.Provider(
      `${name}-provider`,
      { kubeconfig: settings.kubeconfig, context: settings.context },
      { parent: this },
    );
    const childOpts = { parent: this, provider };
    this.namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: settings.namespace } }, childOpts);

    this.services = createInStartOrder(
      args.services,
      (service, after: KubernetesService[]) =>
        new KubernetesService(
          `${name}-${service.name}`,
          {
            service,
            namespace: this.namespace.metadata.name,
            serviceType: settings.serviceType,
            storageClass: settings.storageClass,
            after: after.map((dependency) => dependency.deployment),
          },
          childOpts,
        ),
    );
    this.registerOutputs({ namespace: this.namespace.metadata.name });
  }
}
