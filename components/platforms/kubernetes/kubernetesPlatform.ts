import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KubernetesSettings } from "../../settings/settings";
import type { ServiceDescription } from "../../services/serviceDescription";
import { createInStartOrder } from "../../services/startOrder";
import { endpointsOf, type PlatformEndpoints } from "../serviceEndpoint";
import { callerNamespace } from "./callerNamespace";
import { KubernetesService } from "./kubernetesService";

export interface KubernetesPlatformArgs {
  services: ServiceDescription[];
  settings: KubernetesSettings;
  /** Labels every object carries: the stack that owns it. */
  labels: Readonly<Record<string, string>>;
  /** Where NodePorts are reached (serviceType NodePort only). */
  nodeAddress: pulumi.Output<string> | undefined;
  /** The caller's provider; without one the platform makes its own from settings.kubeconfig and context. */
  provider?: pulumi.ProviderResource | undefined;
  /** With createNamespace false: what the caller's namespace comes from (the component's dependsOn), which every object waits for. */
  namespaceDependsOn?: pulumi.ComponentResourceOptions["dependsOn"];
}

/**
 * Runs service descriptions in a namespace, each reachable by its name as a Service: a namespace of
 * their own, or the caller's (createNamespace false), which the platform never creates, labels or
 * deletes.
 */
export class KubernetesPlatform extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  /** The Namespace the platform made; undefined in the caller's namespace. */
  readonly namespaceObject: k8s.core.v1.Namespace | undefined;
  readonly endpoints: PlatformEndpoints;

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:kubernetes:Platform", name, {}, opts);
    const { settings } = args;
    const source = { kubeconfig: settings.kubeconfig, context: settings.context };
    const provider = args.provider ?? new k8s.Provider(`${name}-provider`, source, { parent: this });
    const childOpts = { parent: this, provider };

    // Deleting a namespace deletes every claim in it: where data is to be kept, so is the namespace,
    // and a later `pulumi up` of the stack adopts it again with the claims inside.
    const keepsData = args.services.some((service) => service.volumes.some((volume) => volume.retainOnDelete));
    this.namespaceObject = settings.createNamespace
      ? new k8s.core.v1.Namespace(
          `${name}-namespace`,
          { metadata: { name: settings.namespace, labels: { ...args.labels, "pod-security.kubernetes.io/enforce": "baseline" } } },
          { ...childOpts, retainOnDelete: keepsData },
        )
      : undefined;
    this.namespace = this.namespaceObject?.metadata.name ?? callerNamespace(settings.namespace, args.namespaceDependsOn);

    const services = createInStartOrder(
      args.services,
      (service, after: KubernetesService[]) =>
        new KubernetesService(
          `${name}-${service.name}`,
          {
            service,
            namespace: this.namespace,
            serviceType: settings.serviceType,
            externalPorts: settings.externalPorts,
            nodeAddress: args.nodeAddress,
            storageClass: settings.storageClass,
            traceSenders: args.services.filter((candidate) => candidate.sendsTraces === true).map((sender) => sender.name),
            clientNamespaces: settings.otlpClientNamespaces,
            ownerLabels: args.labels,
            after: after.map((dependency) => dependency.workload),
          },
          childOpts,
        ),
    );
    this.endpoints = endpointsOf(services.values());
    this.registerOutputs({ namespace: this.namespace });
  }
}
