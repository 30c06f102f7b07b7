import { existsSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import { isKubeConfigContent, loadKubeConfig } from "../platforms/kubernetes/kubeConfig";
import { existingKubernetesObjects, storageClassExists } from "./kubernetesExisting";
import type { ExistingObject, PlannedObject } from "./ownershipDecision";

// What the ownership check reads from a cluster, as plain data: it runs either in the program's own
// thread or in the worker thread that earlyClusterRead.cjs starts (so nothing here may load
// @pulumi/pulumi, and requests and answers must survive structured cloning).

export interface ClusterReadRequest {
  kubeconfig: string | undefined;
  context: string | undefined;
  planned: PlannedObject[];
  storageClass: string | undefined;
}

export type ClusterRead =
  /** A setting that makes the cluster unusable (worded as a settings problem). */
  | { kind: "unusable"; problem: string }
  /** The kubeconfig loaded, but reading the planned objects failed. */
  | { kind: "unreadable"; message: string }
  | { kind: "read"; existing: ExistingObject[]; storageClass: { exists: boolean; known: string[] } | undefined };

/** Reads the planned objects (and the storage class, when one is set) from the cluster the settings name. */
export async function readCluster(request: ClusterReadRequest): Promise<ClusterRead> {
  const loaded = await kubeConfigOrProblem(request.kubeconfig, request.context);
  if (typeof loaded === "string") return { kind: "unusable", problem: loaded };
  const existing = await existingKubernetesObjects(loaded, request.planned).catch((error: unknown) => messageOf(error));
  if (typeof existing === "string") return { kind: "unreadable", message: existing };
  const storageClass = request.storageClass === undefined ? undefined : await storageClassExists(loaded, request.storageClass);
  return { kind: "read", existing, storageClass };
}

/** kubeconfig's name in a problem: whether it was set or the ambient one was used. */
export function clusterSettings(kubeconfig: string | undefined): string {
  return kubeconfig === undefined ? "kubeconfig (unset: the ambient one)" : "kubeconfig";
}

/** The kubeconfig the provider will use, or a problem that names the setting. */
async function kubeConfigOrProblem(kubeconfig: string | undefined, context: string | undefined): Promise<KubeConfig | string> {
  // The provider takes a path it cannot open for kubeconfig content and fails only at `up`.
  if (kubeconfig !== undefined && !isKubeConfigContent(kubeconfig) && !existsSync(kubeconfig)) {
    return `kubeconfig = ${JSON.stringify(kubeconfig)} is not allowed: no such file; expected a kubeconfig path or its content`;
  }
  try {
    return await loadKubeConfig({ kubeconfig, context });
  } catch (error) {
    const message = messageOf(error);
    if (context !== undefined && message.includes("has no context")) return `kubeContext = ${JSON.stringify(context)} is not allowed: ${message}`;
    return `${clusterSettings(kubeconfig)}: the kubeconfig could not be loaded (${message})`;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
