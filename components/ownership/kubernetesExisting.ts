import type { KubeConfig } from "@kubernetes/client-node";
import type { ExistingObject, PlannedObject } from "./ownershipDecision";

/** The kinds the platform gives fixed names; Pulumi names ConfigMaps, Secrets and NetworkPolicies, which cannot collide. */
const API_OF_KIND: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  namespace: { apiVersion: "v1", kind: "Namespace" },
  deployment: { apiVersion: "apps/v1", kind: "Deployment" },
  statefulset: { apiVersion: "apps/v1", kind: "StatefulSet" },
  service: { apiVersion: "v1", kind: "Service" },
  persistentvolumeclaim: { apiVersion: "v1", kind: "PersistentVolumeClaim" },
};

/** The planned objects that exist in the cluster, with their labels; absent ones are left out. */
export async function existingKubernetesObjects(config: KubeConfig, planned: readonly PlannedObject[]): Promise<ExistingObject[]> {
  const { KubernetesObjectApi } = await import("@kubernetes/client-node");
  const client = KubernetesObjectApi.makeApiClient(config);
  const found = await Promise.all(
    planned.map(async (object): Promise<ExistingObject | undefined> => {
      const api = API_OF_KIND[object.kind];
      if (api === undefined) throw new Error(`no Kubernetes API known for kind ${object.kind}`);
      try {
        const current = await client.read({ ...api, metadata: { name: object.name, namespace: object.namespace } });
        return { kind: object.kind, name: object.name, namespace: object.namespace, labels: current.metadata?.labels ?? {} };
      } catch (error) {
        if (statusCode(error) === 404) return undefined;
        throw error;
      }
    }),
  );
  return found.filter((object) => object !== undefined);
}

/** Whether the cluster has the storage class; undefined when the caller may not read storage classes. */
export async function storageClassExists(config: KubeConfig, name: string): Promise<{ exists: boolean; known: string[] } | undefined> {
  const { StorageV1Api } = await import("@kubernetes/client-node");
  try {
    const classes = await config.makeApiClient(StorageV1Api).listStorageClass();
    const known = classes.items.map((item) => item.metadata?.name ?? "").filter((item) => item !== "");
    return { exists: known.includes(name), known };
  } catch (error) {
    if (statusCode(error) === 403) return undefined;
    throw error;
  }
}

function statusCode(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "number" ? error.code : undefined;
}
