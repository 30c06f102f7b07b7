import type * as pulumi from "@pulumi/pulumi";

/** PEM material for the OTLP link when `secure` is on. */
export interface TlsMaterial {
  caPem: pulumi.Input<string>;
  certPem: pulumi.Input<string>;
  keyPem: pulumi.Input<string>;
}
