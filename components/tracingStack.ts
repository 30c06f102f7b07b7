import * as pulumi from "@pulumi/pulumi";
import { deployerHost } from "./platforms/docker/deployerHost";
import { DockerPlatform } from "./platforms/docker/dockerPlatform";
import type { KubeConfigSource } from "./platforms/kubernetes/kubeConfig";
import { KubernetesPlatform } from "./platforms/kubernetes/kubernetesPlatform";
import { clusterNodeAddress } from "./platforms/kubernetes/nodeAddress";
import { ownerLabels, type StackOwner } from "./ownership/stackOwner";
import { describeServices, SERVICE_TABLE, servicesAskingForLogin, type ServiceEntry, type ServiceLogin } from "./services/serviceTable";
import { GeneratedPassword } from "./credentials/generatedPassword";
import { MilvusRootCredential } from "./credentials/milvusRootCredential";
import { endpointOf, type PlatformEndpoints } from "./platforms/serviceEndpoint";
import type { ForwardSecrets } from "./services/forwardSecrets";
import type { TlsMaterial } from "./services/tlsMaterial";
import { traceReceiverOf, traceReceiverTlsNames } from "./services/traceReceiver";
import type { SuppliedTls } from "./settings/loadSettings";
import type { Settings } from "./settings/settings";
import { describeOutputs, type MilvusDirectOutputs, type StackOutputs } from "./stackOutputs";
import { OtlpCertificateAuthority } from "./tls/otlpCertificateAuthority";

export interface TracingStackArgs {
  settings: Settings;
  suppliedTls: SuppliedTls | undefined;
  /** The forward target's secret values; absent when the stack gives none. */
  forwardSecrets?: ForwardSecrets | undefined;
  /** Prefix of platform object names (containers, network, volumes) so stacks can share an engine. */
  namePrefix: string;
  /** The stack whose labels every object carries: how a later update tells its own objects from others'. */
  owner: StackOwner;
  /** Where NodePorts are reached; the cluster's own node list unless a test says otherwise. */
  lookUpNodeAddress?: (source: KubeConfigSource) => Promise<string>;
  /** The services to run; the settings must have been validated with the same table. */
  services?: readonly ServiceEntry[];
}

/** The table's services (Jaeger, unless milvus-direct, and a traced Milvus standalone) on the stack's platform. */
export class TracingStack extends pulumi.ComponentResource {
  /** Without Jaeger's endpoints under milvus-direct, which runs no Jaeger. */
  readonly outputs: StackOutputs | MilvusDirectOutputs;
  /** The CA that Milvus and clients trust for OTLP when `secure`; undefined otherwise. */
  readonly caCertificate: pulumi.Output<string> | undefined;
  /** By service, the login it asks for (a secret); undefined when none leaves the platform. */
  readonly credentials: pulumi.Output<Record<string, { username: string; password: string }>> | undefined;

  constructor(name: string, args: TracingStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:index:TracingStack", name, {}, opts);
    const { settings } = args;

    const table = args.services ?? SERVICE_TABLE;
    const { kubernetes: cluster } = settings;
    const nodeAddress =
      settings.target === "kubernetes" && cluster.serviceType === "NodePort"
        ? pulumi.output((args.lookUpNodeAddress ?? clusterNodeAddress)({ kubeconfig: cluster.kubeconfig, context: cluster.context }))
        : undefined;
    const tls = settings.tracing.secure ? this.otlpTls(name, settings, table, args.suppliedTls, nodeAddress) : undefined;
    this.caCertificate = tls ? pulumi.output(tls.caPem) : undefined;
    const logins = new Map(
      servicesAskingForLogin(table, settings).map((service): [string, ServiceLogin] => [
        service.name,
        { username: service.login?.username ?? "", password: pulumi.secret(new GeneratedPassword(`${name}-${service.name}-password`, { parent: this }).value) },
      ]),
    );
    const services = describeServices(table, settings, tls, logins, args.forwardSecrets);
    const labels = ownerLabels(args.owner);

    let platform: pulumi.ComponentResource;
    let endpoints: PlatformEndpoints;
    if (settings.target === "docker") {
      const docker = new DockerPlatform(`${name}-docker`, { services, namePrefix: args.namePrefix, settings: settings.docker, leavingPorts: settings.leavingPorts, labels }, { parent: this });
      [platform, endpoints] = [docker, docker.endpoints];
      this.outputs = describeOutputs(settings, table, docker.endpoints, undefined);
    } else {
      const kubernetes = new KubernetesPlatform(
        `${name}-kubernetes`,
        // A provider the caller gave (opts.provider(s), or a parent's) deploys; none is made then.
        {
          services,
          settings: settings.kubernetes,
          labels,
          nodeAddress,
          provider: this.getProvider("kubernetes:core/v1:Namespace"),
          namespaceDependsOn: opts?.dependsOn,
        },
        { parent: this },
      );
      [platform, endpoints] = [kubernetes, kubernetes.endpoints];
      this.outputs = describeOutputs(settings, table, kubernetes.endpoints, kubernetes.namespace);
    }
    const milvusLogin = logins.get("milvus");
    if (milvusLogin) {
      // Milvus 2.3 has no setting for its root password: it is set through the API once Milvus is up.
      const address = endpointOf(endpoints, "milvus-grpc").fromDeployer;
      if (!address) throw new Error("Milvus asks for a login, so its gRPC port leaves the platform, but the platform reports no address for it");
      new MilvusRootCredential(`${name}-milvus-root`, { address, password: milvusLogin.password }, { parent: this, dependsOn: [platform] });
    }
    this.credentials =
      logins.size === 0
        ? undefined
        : pulumi.secret(
            pulumi
              .all([...logins].map(([service, login]) => login.password.apply((password) => [service, { username: login.username, password }] as const)))
              .apply((entries) => Object.fromEntries(entries)),
          );
    this.registerOutputs({ ...this.outputs, caCertificate: this.caCertificate, credentials: this.credentials });
  }

  /** `nodeAddress`: where NodePorts are reached, so that clients outside the cluster can send OTLP there over TLS. */
  private otlpTls(
    name: string,
    settings: Settings,
    table: readonly ServiceEntry[],
    supplied: SuppliedTls | undefined,
    nodeAddress: pulumi.Output<string> | undefined,
  ): TlsMaterial {
    if (supplied) return supplied;
    const names = traceReceiverTlsNames(traceReceiverOf(table), settings.kubernetes.namespace);
    const fixed = [...names.ipAddresses, deployerHost(settings.docker.bindAddress)];
    const ipAddresses = pulumi.output(nodeAddress ?? "").apply((node) => [...new Set([...fixed, ...(node === "" ? [] : [node])])]);
    return new OtlpCertificateAuthority(`${name}-otlp-ca`, { dnsNames: names.dnsNames, ipAddresses }, { parent: this }).material;
  }
}
