import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { providersInCheckpoint } from "./providerPlugins";

/**
 * The provider packages a stack's state holds resources of, read before any Pulumi CLI exists
 * (on a fresh machine provisioning it is what takes the minutes). The file backend keeps each
 * stack's checkpoint at .pulumi/stacks/<project>/<stack>.json, gzipped as .json.gz when
 * PULUMI_SELF_MANAGED_STATE_GZIP is set. [] when the stack has no checkpoint yet; undefined when
 * the state cannot be read here (another kind of backend, an unreadable file), which makes npm
 * start provision every plugin rather than guess.
 */
export function deployedProviders(backendUrl: string | undefined, project: string, stack: string): string[] | undefined {
  const dir = fileBackendDir(backendUrl);
  if (dir === undefined) return undefined;
  const base = join(dir, ".pulumi", "stacks", project, `${stack}.json`);
  const file = [base, `${base}.gz`].find((candidate) => existsSync(candidate));
  if (file === undefined) return [];
  try {
    const bytes = readFileSync(file);
    return providersInCheckpoint(JSON.parse((file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8")));
  } catch {
    return undefined;
  }
}

/** The folder of a `file://` backend URL with an absolute path, as scripts/pulumiCli.ts writes it. */
function fileBackendDir(backendUrl: string | undefined): string | undefined {
  const prefix = "file://";
  return backendUrl?.startsWith(`${prefix}/`) ? backendUrl.slice(prefix.length) : undefined;
}
