import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * Made once, when the resource is created, and kept in the stack's state as a secret: updates keep
 * it, a replace or a new stack makes another. 24 random bytes, base64url: 32 characters that need
 * no quoting in YAML, a URL or a header, inside Milvus's 6-256 character bounds.
 */
const generator: pulumi.dynamic.ResourceProvider = {
  create: () => Promise.resolve({ id: randomBytes(8).toString("hex"), outs: { value: randomBytes(24).toString("base64url") } }),
};

/** A password no person chose, known only to the stack's state (as a secret) and what it is given to. */
export class GeneratedPassword extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(generator, name, { value: undefined }, { ...opts, additionalSecretOutputs: ["value"] });
  }
}
