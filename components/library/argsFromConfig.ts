import * as pulumi from "@pulumi/pulumi";
import { ARG_KINDS, ARG_NAMES, type ArgName, type MilvusTracingArgs } from "./argKinds";

/** A config value (the CLI hands every one over as a string) as its arg's type. */
function typed(name: ArgName, value: string): string | number | boolean {
  switch (ARG_KINDS[name]) {
    case "number":
      return Number(value.trim());
    case "boolean":
      return value.trim().toLowerCase() === "true";
    default:
      return value;
  }
}

/**
 * The stack's config (namespace `namespace`) as MilvusTracing's args, secrets as Pulumi secrets.
 * Run it after loadSettings has validated the config: the conversions trust the values' shape.
 */
export function argsFromConfig(namespace: string): MilvusTracingArgs {
  const config = new pulumi.Config(namespace);
  const raw = new Map<string, string>();
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    const [keyNamespace, key] = fullKey.split(":", 2);
    if (keyNamespace === namespace && key !== undefined) raw.set(key, value);
  }
  const args: Record<string, unknown> = {};
  for (const name of ARG_NAMES) {
    const value = raw.get(name);
    if (value === undefined || value === "") continue;
    args[name] = ARG_KINDS[name] === "secret" ? config.getSecret(name) : typed(name, value);
  }
  return args;
}
