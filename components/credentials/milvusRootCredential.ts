import * as pulumi from "@pulumi/pulumi";
import { ensureRootPassword } from "./milvusRootPassword";

interface RootCredentialInputs {
  address: string;
  password: string;
}

/** Milvus may still be opening its proxy when its health check says ready. */
const TIMEOUT_SECONDS = 180;

const rootCredential: pulumi.dynamic.ResourceProvider = {
  async create(inputs: RootCredentialInputs) {
    await ensureRootPassword({ ...inputs, timeoutSeconds: TIMEOUT_SECONDS });
    return { id: "root", outs: inputs };
  },
  diff: (_id: string, olds: RootCredentialInputs, news: RootCredentialInputs) =>
    Promise.resolve({ changes: olds.password !== news.password || olds.address !== news.address }),
  async update(_id: string, _olds: RootCredentialInputs, news: RootCredentialInputs) {
    await ensureRootPassword({ ...news, timeoutSeconds: TIMEOUT_SECONDS });
    return { outs: news };
  },
};

export interface MilvusRootCredentialArgs {
  /** Milvus gRPC as the deployer reaches it. */
  address: pulumi.Input<string>;
  /** A Pulumi secret. */
  password: pulumi.Input<string>;
}

/**
 * Milvus's root user, answering to the stack's generated password: set once Milvus is up (through
 * the API, from the deployer's machine), then only checked again when the password or address
 * changes. Deleting it changes nothing in Milvus.
 */
export class MilvusRootCredential extends pulumi.dynamic.Resource {
  constructor(name: string, args: MilvusRootCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    super(rootCredential, name, { address: args.address, password: pulumi.secret(args.password) }, { ...opts, additionalSecretOutputs: ["password"] });
  }
}
