import { loadKubeConfig, type KubeConfigSource } from "./kubeConfig";

interface NodeAddress {
  type: string;
  address: string;
}

/** A node's address for NodePorts: the external one when the node has it, else the internal one. */
export function preferredNodeAddress(addresses: readonly NodeAddress[]): string | undefined {
  return (addresses.find((a) => a.type === "ExternalIP") ?? addresses.find((a) => a.type === "InternalIP"))?.address;
}

/** The address of the cluster's first node, as the stack's own kubeconfig and context reach it. */
export async function clusterNodeAddress(source: KubeConfigSource): Promise<string> {
  const { CoreV1Api } = await import("@kubernetes/client-node");
  const api = (await loadKubeConfig(source)).makeApiClient(CoreV1Api);
  const nodes = await api.listNode();
  for (const node of nodes.items) {
    const address = preferredNodeAddress(node.status?.addresses ?? []);
    if (address !== undefined) return address;
  }
  throw new Error("serviceType NodePort: the cluster has no node with an InternalIP or ExternalIP address");
}
