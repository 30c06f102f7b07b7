import type { RawSettings } from "../settings/validateSettings";
import { deployWithMocks } from "./mockedDeployment";

export interface KubernetesManifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string };
  [field: string]: unknown;
}

/**
 * The Kubernetes objects a stack's program sends, as manifests `kubectl apply` takes: the program
 * runs under Pulumi's mocks, so they are exactly what the provider would be asked to create.
 */
export async function renderedManifests(raw: RawSettings): Promise<KubernetesManifest[]> {
  const deployment = await deployWithMocks({ ...raw, target: "kubernetes" });
  return deployment.resources.flatMap((resource) => {
    const match = /^kubernetes:([a-z.]+)\/([a-z0-9]+):([A-Za-z]+)$/.exec(resource.type);
    if (!match) return [];
    const [, group, version, kind] = match;
    const metadata = resource.inputs.metadata as KubernetesManifest["metadata"];
    return [
      {
        ...resource.inputs,
        apiVersion: group === "core" ? String(version) : `${String(group)}/${String(version)}`,
        kind: String(kind),
        metadata: { ...metadata, name: metadata.name ?? resource.name },
      },
    ];
  });
}
