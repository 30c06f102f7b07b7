import * as pulumi from "@pulumi/pulumi";

/**
 * @pulumi/pulumi (3.270) exports `runtime.isConfigSecret` but marks it internal, so its typings
 * leave it out. It answers from the secret-key list the CLI hands the program, which is the only
 * place a program learns whether a value was stored encrypted.
 */
const runtime: typeof pulumi.runtime & { isConfigSecret?: (fullKey: string) => boolean } = pulumi.runtime;

/** The keys of `namespace` that the stack stores as secrets. */
export function secretKeysOf(namespace: string, keys: readonly string[]): Set<string> {
  const isConfigSecret = runtime.isConfigSecret;
  if (isConfigSecret === undefined) {
    throw new Error("This @pulumi/pulumi no longer exposes runtime.isConfigSecret: cannot tell secret config from plain text.");
  }
  return new Set(keys.filter((key) => isConfigSecret(`${namespace}:${key}`)));
}
