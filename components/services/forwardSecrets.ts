import { parseHeaders } from "../settings/forwardSettings";
import type * as pulumi from "@pulumi/pulumi";

/** The forward target's secret values (forwardHeaders, forwardCa), as Pulumi secrets. */
export interface ForwardSecrets {
  /** Header name to value; undefined when the stack gives none. */
  headers: pulumi.Output<Record<string, string>> | undefined;
  caPem: pulumi.Output<string> | undefined;
}

/** From the stack's secret config (`secret` reads one key as a Pulumi secret), once validateSettings has checked the values. */
export function forwardSecretsFrom(secret: (key: string) => pulumi.Output<string> | undefined): ForwardSecrets {
  return {
    headers: secret("forwardHeaders")?.apply((text) => {
      const parsed = parseHeaders(text);
      if (!parsed.ok) throw new Error("forwardHeaders changed after validation");
      return parsed.value;
    }),
    caPem: secret("forwardCa"),
  };
}
