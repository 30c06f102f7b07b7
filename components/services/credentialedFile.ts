import * as pulumi from "@pulumi/pulumi";
import type { ServiceLogin } from "./serviceTable";
import type { ConfigFile } from "./serviceDescription";

/** What a config file is rendered with: the service's login password and the backend's headers, when there are any. */
export type RenderWithCredentials = (password: string | undefined, headers: Record<string, string>) => string;

/**
 * A config file that may hold credentials: a login's password (or what stands for it) or the
 * team's backend headers. With either it is a secret (a Kubernetes Secret, a secret upload on
 * Docker), never plain text in the state or a pod spec; without, a plain file.
 */
export function credentialedFile(
  path: string,
  login: ServiceLogin | undefined,
  headers: pulumi.Output<Record<string, string>> | undefined,
  render: RenderWithCredentials,
): ConfigFile {
  if (!login && !headers) return { path, content: render(undefined, {}), sensitive: false };
  const content = pulumi.all([login ? login.password : "", headers ?? {}]).apply(([password, values]) => render(login ? password : undefined, values));
  return { path, content: pulumi.secret(content), sensitive: true };
}
