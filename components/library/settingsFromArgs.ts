import * as pulumi from "@pulumi/pulumi";
import { forwardSecretsFrom, type ForwardSecrets } from "../services/forwardSecrets";
import { parseHeaders } from "../settings/forwardSettings";
import type { SuppliedTls } from "../settings/loadSettings";
import type { Settings } from "../settings/settings";
import { SettingsError, validateSettings } from "../settings/validateSettings";
import { SECRET_ARGS, type MilvusTracingArgs, type SecretArgName } from "./argKinds";

export interface ArgsSettings {
  settings: Settings;
  suppliedTls: SuppliedTls | undefined;
  forwardSecrets: ForwardSecrets;
}

/** How a problem names what to change: the component and its arg, unless the caller words it otherwise. */
export type DescribeProblem = (problem: string) => string;

export const argProblem = (name: string): DescribeProblem => (problem) => `MilvusTracing ${JSON.stringify(name)}: ${problem}`;

/**
 * A secret given as an Output has no value yet: validation sees a stand-in (a one-header map for
 * forwardHeaders, so that headers are sent) and the value is checked when it resolves.
 */
const LATE_SECRET: Readonly<Record<string, string>> = { forwardHeaders: '{"x-checked-later":"-"}' };

/**
 * The args as validateSettings reads stack config, validated the same way: every problem at once,
 * in one RunError whose lines name the arg, before anything is registered. `stack` gives the
 * default Kubernetes namespace.
 */
export function settingsFromArgs(args: MilvusTracingArgs, stack: string, describe: DescribeProblem): ArgsSettings {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args) as [string, unknown][]) {
    if (value === undefined) continue;
    raw[key] = (SECRET_ARGS as readonly string[]).includes(key) && typeof value !== "string" ? (LATE_SECRET[key] ?? "(an output)") : value;
  }
  let settings: Settings;
  try {
    // Every secret arg is made a secret below, so none counts as plain text.
    settings = validateSettings(raw, "", new Set(SECRET_ARGS), stack);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    throw new pulumi.RunError(`Invalid MilvusTracing args (nothing was deployed):\n${error.problems.map((problem) => `  - ${describe(problem)}`).join("\n")}`);
  }
  const secret = (key: SecretArgName): pulumi.Output<string> | undefined => {
    const value = args[key];
    return value === undefined || value === "" ? undefined : pulumi.secret(value);
  };
  const [certPem, keyPem, caPem] = [secret("tlsCert"), secret("tlsKey"), secret("tlsCa")];
  const forwardSecrets = forwardSecretsFrom((key) => {
    if (key === "forwardCa") return secret("forwardCa");
    if (key !== "forwardHeaders") return undefined;
    return secret("forwardHeaders")?.apply((text) => {
      const parsed = parseHeaders(text);
      if (!parsed.ok) throw new pulumi.RunError(describe(`forwardHeaders (value not shown) is not allowed: expected ${parsed.allowed}`));
      return text;
    });
  });
  return { settings, suppliedTls: certPem && keyPem && caPem ? { certPem, keyPem, caPem } : undefined, forwardSecrets };
}
