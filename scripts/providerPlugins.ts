import type { Settings } from "../components/settings/settings";

/** The provider packages the program can load; each is a plugin to download or build. */
export const PROVIDER_PACKAGES = ["docker", "kubernetes", "tls"] as const;
export type ProviderPackage = (typeof PROVIDER_PACKAGES)[number];

/** The settings that decide which providers a deployment registers resources with. */
export type PluginSettings = Pick<Settings, "target"> & { tracing: Pick<Settings["tracing"], "secure"> };

/**
 * The provider plugins `pulumi up` of these settings needs. The engine starts a provider only when
 * the program registers a resource of its package, so a Docker stack without `secure` needs the
 * docker plugin alone. Providers of resources already in the stack's state are needed too: an
 * update that drops them (secure switched off, another target) deletes them through their
 * provider. `deployed` undefined means the state could not be read: then every plugin, because a
 * missing one fails the update halfway ("no resource plugin 'pulumi-resource-tls' found").
 */
export function providerPluginsFor(settings: PluginSettings, deployed: readonly string[] | undefined): ProviderPackage[] {
  if (deployed === undefined) return [...PROVIDER_PACKAGES];
  const needed = new Set<string>([settings.target, ...(settings.tracing.secure ? ["tls"] : []), ...deployed]);
  return PROVIDER_PACKAGES.filter((name) => needed.has(name));
}

/**
 * The provider packages a Pulumi checkpoint (the `pulumi stack export` format, which the file
 * backend stores as it is) holds resources of: every custom resource's provider is itself a
 * resource of type `pulumi:providers:<package>`. Pending operations count: the next update
 * finishes or cleans them up through the same provider.
 */
export function providersInCheckpoint(checkpoint: unknown): string[] {
  const latest = (checkpoint as { checkpoint?: { latest?: Deployment } } | null)?.checkpoint?.latest;
  const types = [...(latest?.resources ?? []).map((resource) => resource.type), ...(latest?.pending_operations ?? []).map((operation) => operation.resource?.type)];
  const providers = types.flatMap((type) => (typeof type === "string" && type.startsWith(PROVIDER_TYPE_PREFIX) ? [type.slice(PROVIDER_TYPE_PREFIX.length)] : []));
  return [...new Set(providers)].sort();
}

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

interface Deployment {
  resources?: { type?: unknown }[];
  pending_operations?: { resource?: { type?: unknown } }[];
}
