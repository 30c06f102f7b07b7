import * as pulumi from "@pulumi/pulumi";
import { forwardSecretsFrom, type ForwardSecrets } from "../services/forwardSecrets";
import { secretKeysOf } from "./configSecrets";
import type { Settings } from "./settings";
import { SettingsError, validateSettings } from "./validateSettings";

export interface SuppliedTls {
  certPem: pulumi.Output<string>;
  keyPem: pulumi.Output<string>;
  caPem: pulumi.Output<string>;
}

export interface LoadedSettings {
  settings: Settings;
  /** Present when the stack brings its own certificate instead of letting the program generate one. */
  suppliedTls: SuppliedTls | undefined;
  forwardSecrets: ForwardSecrets;
}

/**
 * Reads the stack's config namespace and validates it before any resource exists, so a bad value
 * fails `pulumi preview` with the key, the value and what is allowed.
 */
export function loadSettings(): LoadedSettings {
  const namespace = pulumi.getProject();
  const config = new pulumi.Config(namespace);
  const raw: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    const [keyNamespace, key] = fullKey.split(":", 2);
    if (keyNamespace === namespace && key !== undefined) raw[key] = value;
  }
  const secretKeys = secretKeysOf(namespace, Object.keys(raw));
  const settings = validateOrExplain(raw, namespace, secretKeys, pulumi.getStack());
  // Validation has made sure these are secrets and come all three or not at all.
  const [certPem, keyPem, caPem] = ["tlsCert", "tlsKey", "tlsCa"].map((key) => config.getSecret(key));
  const suppliedTls = certPem && keyPem && caPem ? { certPem, keyPem, caPem } : undefined;
  // Empty strings are unset, as validation reads them.
  const forwardSecrets = forwardSecretsFrom((key) => (raw[key] === undefined || raw[key] === "" ? undefined : config.getSecret(key)));
  return { settings, suppliedTls, forwardSecrets };
}

/** A RunError makes Pulumi print the list of problems alone, without a stack trace around it. */
function validateOrExplain(raw: Record<string, unknown>, namespace: string, secretKeys: ReadonlySet<string>, stack: string): Settings {
  try {
    return validateSettings(raw, namespace, secretKeys, stack);
  } catch (error) {
    if (error instanceof SettingsError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
