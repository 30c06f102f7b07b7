import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceType } from "../../settings/settings";
import { portId, type ConfigFile, type DataVolume, type ServiceDescription } from "../../services/serviceDescription";
import type { ServiceEndpoint } from "../serviceEndpoint";
import { configChecksum, fileKey } from "./configChecksum";
import { kubernetesProbes } from "./kubernetesProbes";
import { ingressRules, selectorLabelsOf } from "./networkPolicy";
import { kubernetesObjectNames, leavingPorts } from "./objectNames";

export interface KubernetesServiceArgs {
  service: ServiceDescription;
  namespace: pulumi.Output<string>;
  serviceType: ServiceType;
  /** Port ids that leave the cluster when serviceType is not ClusterIP. */
  externalPorts: readonly string[];
  /** Where a NodePort is reached from the deployer's machine. */
  nodeAddress: pulumi.Output<string> | undefined;
  storageClass: string | undefined;
  /** Services of the stack that send spans, and the namespaces that may too: who reaches its trace-receiving ports. */
  traceSenders: readonly string[];
  clientNamespaces: readonly string[];
  /** The stack that owns every object: on each object and pod, never in a selector (selectors cannot change). */
  ownerLabels: Readonly<Record<string, string>>;
  /** Workloads that must be ready first. */
  after: KubernetesWorkload[];
}

/** A stateless service runs as a Deployment, a stateful one as a StatefulSet. */
export type KubernetesWorkload = k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet;

type KubeService = k8s.core.v1.Service;

/**
 * For objects whose readiness the workload's own wait already proves: the provider reports a
 * Deployment or StatefulSet created only once its pods are Ready and every claim they mount is
 * Bound, and a Service's endpoints are those pods. Its separate waits only add time: provider
 * 4.25 reports a Service ready no sooner than 10 s after it sees its Endpoints (one fixed 10 s
 * settle, await/service.go), and waiting for a claim to bind holds back the creation of the
 * Deployment that mounts it. Deletes still wait: 4.25 skips a delete's wait only for
 * namespaces, pods and workloads (metadata/overrides.go).
 */
const READY_WITH_THE_WORKLOAD = { "pulumi.com/skipAwait": "true" };

/**
 * One service as a Deployment (stateless) or a StatefulSet (stateful: each replica a stable name
 * through a headless Service and a claim of its own per volume), a ClusterIP Service under the
 * service's name, and, when some of its ports are chosen to leave the cluster, a second Service that
 * carries only those. Config and secrets are named by Pulumi, so a new version never collides with
 * the old.
 */
export class KubernetesService extends pulumi.ComponentResource {
  readonly workload: KubernetesWorkload;
  readonly clusterService: KubeService;
  readonly externalService: KubeService | undefined;
  readonly endpoints: Map<string, ServiceEndpoint>;

  constructor(name: string, args: KubernetesServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:kubernetes:Service", name, {}, opts);
    const { service, namespace } = args;
    const selectorLabels = selectorLabelsOf(service.name);
    const labels = { ...args.ownerLabels, ...selectorLabels };
    const leaving = leavingPorts(service, args.serviceType, args.externalPorts);
    // Declared only when their port leaves: the service listens there only then.
    const outsideListeners = leaving.flatMap((port) => (port.outside ? [port.outside] : []));
    const names = kubernetesObjectNames(service, leaving);
    const named = (objectName: string) => ({ name: objectName, namespace, labels });
    // Objects with fixed names cannot exist twice: a replacement must delete the old one first.
    const fixedName = { parent: this, deleteBeforeReplace: true };

    const plainFiles = service.files.filter((file) => !file.sensitive);
    const secretFiles = service.files.filter((file) => file.sensitive);
    const configMap = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: { namespace, labels }, data: fileData(plainFiles) }, { parent: this });
    const secret =
      secretFiles.length > 0
        ? new k8s.core.v1.Secret(`${name}-secret`, { metadata: { namespace, labels }, stringData: fileData(secretFiles) }, { parent: this })
        : undefined;

    const stateful = service.workload.kind === "stateful";
    const claimSpec = (volume: DataVolume) => ({
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: volume.size } },
      storageClassName: args.storageClass,
    });
    // Fixed names: a stack deployed again after a destroy finds the claims that retainData kept.
    // A StatefulSet makes its replicas' claims itself, from its templates.
    const claims = stateful
      ? []
      : service.volumes.map((volume) => ({
          volume,
          claim: new k8s.core.v1.PersistentVolumeClaim(
            `${name}-${volume.name}`,
            { metadata: { ...named(names.claims.get(volume.name) ?? ""), annotations: READY_WITH_THE_WORKLOAD }, spec: claimSpec(volume) },
            { parent: this, retainOnDelete: volume.retainOnDelete },
          ),
        }));

    const checksum = pulumi
      .all(service.files.map((file) => pulumi.output(file.content).apply((content) => ({ path: file.path, content }))))
      .apply(configChecksum);

    const template = {
      metadata: { labels, annotations: { "checksum/config": checksum } },
      spec: {
        // Milvus reads config from the environment; service-link variables can collide with it.
        enableServiceLinks: false,
        securityContext:
          service.volumeGroup === undefined ? undefined : { fsGroup: service.volumeGroup, fsGroupChangePolicy: "OnRootMismatch" },
        containers: [
          {
            name: service.name,
            image: service.image,
            imagePullPolicy: "IfNotPresent",
            args: service.args,
            env: Object.entries(service.env).map(([envName, value]) => ({ name: envName, value })),
            ports: [...service.ports, ...outsideListeners].map((port) => ({ name: port.name, containerPort: port.containerPort })),
            ...kubernetesProbes(service.health),
            resources: {
              requests: { cpu: service.resources.cpuRequest, memory: service.resources.memoryRequest },
              limits: { cpu: service.resources.cpuLimit, memory: service.resources.memoryLimit },
            },
            // needsRelaxedSyscallFilter: no seccompProfile at all, as the Milvus chart does.
            // Pod Security "baseline" refuses an explicit Unconfined; left unset, the
            // runtime's choice applies (unconfined unless the kubelet enforces a default).
            volumeMounts: [
              ...service.files.map((file) => ({
                name: file.sensitive ? "secret" : "config",
                mountPath: file.path,
                subPath: fileKey(file.path),
                readOnly: true,
              })),
              ...service.volumes.map((volume) => ({ name: volume.name, mountPath: volume.mountPath })),
            ],
          },
        ],
        volumes: [
          { name: "config", configMap: { name: configMap.metadata.name } },
          ...(secret ? [{ name: "secret", secret: { secretName: secret.metadata.name } }] : []),
          ...claims.map(({ volume, claim }) => ({ name: volume.name, persistentVolumeClaim: { claimName: claim.metadata.name } })),
        ],
      },
    };

    const servicePorts = (ports: typeof service.ports) =>
      ports.map((port) => ({ name: port.name, port: port.containerPort, targetPort: port.name }));
    const { replicas } = service.workload;
    const selector = { matchLabels: selectorLabels };
    if (stateful) {
      // The headless Service gives each replica its DNS name (<service>-<n>.<service>-headless).
      const headless = new k8s.core.v1.Service(
        `${name}-headless`,
        { metadata: { ...named(names.headlessService ?? ""), annotations: READY_WITH_THE_WORKLOAD }, spec: { clusterIP: "None", selector: selectorLabels, ports: servicePorts(service.ports) } },
        fixedName,
      );
      const retained = service.volumes.every((volume) => volume.retainOnDelete);
      this.workload = new k8s.apps.v1.StatefulSet(
        name,
        {
          metadata: named(names.workload.name),
          spec: {
            replicas,
            serviceName: headless.metadata.name,
            selector,
            template,
            volumeClaimTemplates: service.volumes.map((volume) => ({ metadata: { name: volume.name, labels }, spec: claimSpec(volume) })),
            persistentVolumeClaimRetentionPolicy: { whenDeleted: retained ? "Retain" : "Delete", whenScaled: "Retain" },
          },
        },
        { ...fixedName, dependsOn: args.after },
      );
    } else {
      this.workload = new k8s.apps.v1.Deployment(
        name,
        {
          metadata: named(names.workload.name),
          spec: {
            replicas,
            // One replica goes before its successor starts: its volumes are never mounted twice, and
            // no two instances split what it holds. More replicas roll, as Kubernetes does by default.
            strategy: replicas === 1 ? { type: "Recreate" } : undefined,
            selector,
            template,
          },
        },
        { ...fixedName, dependsOn: args.after },
      );
    }
    // Named by Pulumi like the config: a policy of another stack can never stand in its place.
    new k8s.networking.v1.NetworkPolicy(
      `${name}-ingress`,
      {
        metadata: { namespace, labels },
        spec: {
          podSelector: { matchLabels: selectorLabels },
          policyTypes: ["Ingress"],
          ingress: ingressRules(service, { traceSenders: args.traceSenders, clientNamespaces: args.clientNamespaces, outsideListeners }),
        },
      },
      { parent: this },
    );

    this.clusterService = new k8s.core.v1.Service(
      name,
      { metadata: { ...named(names.service), annotations: READY_WITH_THE_WORKLOAD }, spec: { type: "ClusterIP", selector: selectorLabels, ports: servicePorts(service.ports) } },
      fixedName,
    );

    this.externalService =
      names.externalService === undefined
        ? undefined
        : new k8s.core.v1.Service(
            `${name}-external`,
            {
              // A load balancer's address comes only with the provider's wait for its ingress.
              metadata: { ...named(names.externalService), annotations: args.serviceType === "LoadBalancer" ? {} : READY_WITH_THE_WORKLOAD },
              // A port with an outside listener leaves through it, under the port's own name and number.
              spec: {
                type: args.serviceType,
                selector: selectorLabels,
                ports: leaving.map((port) => ({ name: port.name, port: port.containerPort, targetPort: port.outside?.name ?? port.name })),
              },
            },
            fixedName,
          );

    this.endpoints = new Map(
      service.ports.map((port): [string, ServiceEndpoint] => {
        const external = leaving.includes(port) ? this.externalAddress(port.name, args.nodeAddress) : undefined;
        return [
          portId(service, port),
          {
            inPlatform: this.clusterAddress(port.name),
            fromDeployer: external,
            forward: external
              ? undefined
              : { service: this.clusterService.metadata.name, port: port.containerPort },
          },
        ];
      }),
    );
    this.registerOutputs({ workload: this.workload.metadata.name, service: this.clusterService.metadata.name });
  }

  /** The cluster DNS name and port, as the ClusterIP Service reports them. */
  private clusterAddress(portName: string): pulumi.Output<string> {
    const { metadata, spec } = this.clusterService;
    return pulumi.all([metadata.name, metadata.namespace, spec.ports]).apply(([serviceName, namespace, ports]) => {
      const port = ports.find((candidate) => candidate.name === portName);
      if (!port) throw new Error(`Service ${namespace}/${serviceName} has no port ${portName}`);
      return `${serviceName}.${namespace}.svc.cluster.local:${port.port}`;
    });
  }

  /** A NodePort on the node's address, or the load balancer's ingress, as the Service reports them. */
  private externalAddress(portName: string, nodeAddress: pulumi.Output<string> | undefined): pulumi.Output<string> {
    const service = this.externalService;
    if (!service) throw new Error(`No external Service for port ${portName}`);
    return pulumi.all([service.metadata.name, service.spec, service.status, nodeAddress]).apply(([serviceName, spec, status, node]) => {
      const port = spec.ports.find((candidate) => candidate.name === portName);
      if (spec.type === "NodePort") {
        if (node === undefined || port?.nodePort === undefined) throw new Error(`Service ${serviceName} reports no node port for ${portName}`);
        return `${node}:${port.nodePort}`;
      }
      // The provider waits for a load balancer's ingress before it reports the Service created.
      const ingress = status.loadBalancer.ingress[0];
      const host = ingress?.ip ?? ingress?.hostname;
      if (host === undefined || port === undefined) throw new Error(`Service ${serviceName} reports no load balancer ingress for ${portName}`);
      return `${host}:${port.port}`;
    });
  }
}

function fileData(files: ConfigFile[]): Record<string, pulumi.Input<string>> {
  return Object.fromEntries(files.map((file) => [fileKey(file.path), file.content]));
}
