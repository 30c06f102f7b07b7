import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MilvusTracing, type MilvusTracingArgs } from "milvus-tracing";

const config = new pulumi.Config();
/** A kubeconfig path or its content; unset, the ambient one (KUBECONFIG, ~/.kube/config). */
const kubeconfig = config.get("kubeconfig");
const namespaceName = config.get("namespace") ?? "search-tracing";
/** Any other MilvusTracing arg, by its name: `pulumi config set --path tracing.sampleFraction 0.1`. */
const tracing = config.getObject<MilvusTracingArgs>("tracing") ?? {};

export = async () => {
  // The program's own cluster connection and namespace, as a platform team's program has them.
  const cluster = new k8s.Provider("cluster", { kubeconfig });
  const namespace = new k8s.core.v1.Namespace(
    "search-tracing",
    { metadata: { name: namespaceName, labels: { "pod-security.kubernetes.io/enforce": "baseline" } } },
    { provider: cluster },
  );

  const search = await MilvusTracing.create(
    "search",
    {
      // The namespace goes with this program on destroy, claims and all: keeping them past the
      // component's own removal would only hold them until then.
      retainData: false,
      ...tracing,
      target: "kubernetes",
      // Deploy into this program's namespace; the component neither creates, labels nor deletes it.
      namespace: namespaceName,
      createNamespace: false,
      // Where the ownership check (and verify's port-forwards) look: the cluster the provider deploys to.
      kubeconfig,
    },
    // dependsOn: the component's objects wait for the namespace (and go before it on destroy).
    { provider: cluster, dependsOn: [namespace] },
  );

  return {
    namespace: namespace.metadata.name,
    milvusAddress: search.milvusAddress,
    jaegerQueryUrl: search.jaegerQueryUrl,
    otlpEndpoint: search.otlpEndpoint,
    // Each address above stays inside the cluster: the Service and port to port-forward to it.
    portForwards: search.kubernetes?.portForwards,
  };
};
