import type { KubeConfig } from "@kubernetes/client-node";

/** How a stack names its cluster: a kubeconfig path or content, and a context; undefined means ambient. */
export interface KubeConfigSource {
  kubeconfig: string | undefined;
  context: string | undefined;
}

/** A kubeconfig's content (YAML or JSON) rather than a path to one. */
export function isKubeConfigContent(kubeconfig: string): boolean {
  return kubeconfig.includes("\n") || /^\s*[{]|^\s*apiVersion\s*:/.test(kubeconfig);
}

/** The client configuration the stack's provider uses too: the same kubeconfig and context. */
export async function loadKubeConfig(source: KubeConfigSource): Promise<KubeConfig> {
  // ESM-only package: loaded on demand, and only for Kubernetes stacks.
  const { KubeConfig } = await import("@kubernetes/client-node");
  const config = new KubeConfig();
  if (source.kubeconfig === undefined) config.loadFromDefault();
  else if (isKubeConfigContent(source.kubeconfig)) config.loadFromString(source.kubeconfig);
  else config.loadFromFile(source.kubeconfig);
  if (source.context !== undefined) {
    if (!config.getContextObject(source.context)) {
      throw new Error(`the kubeconfig has no context ${source.context} (it has ${config.getContexts().map((c) => c.name).join(", ") || "none"})`);
    }
    config.setCurrentContext(source.context);
  }
  return config;
}
