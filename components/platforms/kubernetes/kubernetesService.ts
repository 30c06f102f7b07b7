import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceType } from "../../settings/settings";
import type { ConfigFile, ServiceDescription } from "../../services/serviceDescription";
import { configChecksum, fileKey } from "./configChecksum";

export interface KubernetesServiceArgs {
  service: ServiceDescription;
  namespace: pulumi.Input<string>;
  serviceType: ServiceType;
  storageClass: string | undefined;
  /** Deployments that must be ready first. */
  after: k8s.apps.v1.Deployment[];
}

/** One service as a Deployment (one replica, Recreate), its Service, config, secrets and claims. */
export class KubernetesService extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;
  readonly kubeService: k8s.core.v1.Service;

  constructor(name: string, args: KubernetesServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:kubernetes:Service", name, {}, opts);
    const { service, namespace } = args;
    const labels = { "app.kubernetes.io/name": service.name, "app.kubernetes.io/part-of": "milvus-tracing" };
    const metadata = (suffix: string) => ({ name: `${service.name}${suffix}`, namespace, labels });

    const plainFiles = service.files.filter((file) => !file.sensitive);
    const secretFiles = service.files.filter((file) => file.sensitive);
    const configMap = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: metadata("-config"), data: fileData(plainFiles) }, { parent: this });
    const secret =
      secretFiles.length > 0
        ? new k8s.core.v1.Secret(`${name}-secret`, { metadata: metadata("-secret"), stringData: fileData(secretFiles) }, { parent: this })
        : undefined;

    const claims = service.volumes.map(
      (volume) =>
        new k8s.core.v1.PersistentVolumeClaim(
          `${name}-${volume.name}`,
          {
            metadata: metadata(`-${volume.name}`),
            spec: {
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: volume.size } },
              storageClassName: args.storageClass,
            },
          },
          { parent: this, retainOnDelete: volume.retainOnDelete },
        ),
    );

    const checksum = pulumi
      .all(service.files.map((file) => pulumi.output(file.content).apply((content) => ({ path: file.path, content }))))
      .apply(configChecksum);

    const { health } = service;
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: metadata(""),
        spec: {
          replicas: 1,
          // One replica owns the data volume: the old pod must go before the new one mounts it.
          strategy: { type: "Recreate" },
          selector: { matchLabels: labels },
          template: {
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
                  args: service.args,
                  env: Object.entries(service.env).map(([envName, value]) => ({ name: envName, value })),
                  ports: service.ports.map((port) => ({ name: port.name, containerPort: port.containerPort })),
                  readinessProbe: {
                    httpGet: { path: health.http.path, port: health.http.port },
                    periodSeconds: health.intervalSeconds,
                    timeoutSeconds: health.timeoutSeconds,
                    failureThreshold: health.retries,
                  },
                  livenessProbe: {
                    tcpSocket: { port: health.http.port },
                    initialDelaySeconds: health.startPeriodSeconds,
                    periodSeconds: health.intervalSeconds * 2,
                    timeoutSeconds: health.timeoutSeconds,
                    failureThreshold: 5,
                  },
                  resources: {
                    requests: { cpu: service.resources.cpuRequest, memory: service.resources.memoryRequest },
                    limits: { cpu: service.resources.cpuLimit, memory: service.resources.memoryLimit },
                  },
                  securityContext: service.seccompUnconfined ? { seccompProfile: { type: "Unconfined" } } : undefined,
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
                ...service.volumes.map((volume, index) => ({
                  name: volume.name,
                  persistentVolumeClaim: { claimName: claims[index]?.metadata.name ?? "" },
                })),
              ],
            },
          },
        },
      },
      { parent: this, dependsOn: args.after },
    );

    this.kubeService = new k8s.core.v1.Service(
      name,
      {
        metadata: metadata(""),
        spec: {
          type: args.serviceType,
          selector: labels,
          ports: service.ports.map((port) => ({ name: port.name, port: port.containerPort, targetPort: port.name })),
        },
      },
      { parent: this },
    );

    this.registerOutputs({ deployment: this.deployment.metadata.name, service: this.kubeService.metadata.name });
  }
}

function fileData(files: ConfigFile[]): Record<string, pulumi.Input<string>> {
  return Object.fromEntries(files.map((file) => [fileKey(file.path), file.content]));
}
