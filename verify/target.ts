import { readFileSync } from "node:fs";
import { pulumiOutput } from "../scripts/pulumiCli";
import type { DeployedImages, KubernetesOutputs } from "../components/stackOutputs";
import { forwardKubernetesPorts } from "./kubernetesPortForward";
import type { VerifyOptions } from "./options";
import { VerifyError } from "./verifyError";

/** Where verify sends calls, spans and queries, as reachable from this machine. */
export interface VerifyTarget {
  milvusAddress: string;
  jaegerQueryUrl: string;
  jaegerUiUrl: string;
  otlpEndpoint: string;
  secure: boolean;
  caPem: string | undefined;
  sampleFraction: number | undefined;
  /** The stack's configured and deployed images; undefined for addresses given on the command line. */
  images: DeployedImages | undefined;
  source: string;
  /** Stops whatever the target opened (port-forwards). */
  close(): Promise<void>;
}

interface StackOutputsJson {
  milvusAddress?: string;
  jaegerQueryUrl?: string;
  jaegerUiUrl?: string;
  otlpEndpoint?: string;
  secure?: boolean;
  sampleFraction?: number;
  caCertificate?: string;
  images?: DeployedImages;
  kubernetes?: KubernetesOutputs | null;
}

export async function resolveTarget(options: VerifyOptions): Promise<VerifyTarget> {
  const { milvusAddress, jaegerQueryUrl, otlpEndpoint } = options;
  if (milvusAddress !== undefined && jaegerQueryUrl !== undefined && otlpEndpoint !== undefined) {
    return {
      milvusAddress,
      jaegerQueryUrl,
      jaegerUiUrl: options.jaegerUiUrl ?? jaegerQueryUrl,
      otlpEndpoint,
      secure: options.secure ?? false,
      caPem: readCaFile(options.caFile),
      sampleFraction: options.sampleFraction,
      images: undefined,
      source: "command line",
      close: () => Promise.resolve(),
    };
  }
  const outputs = await readStackOutputs(options.stack);
  const required = (key: "milvusAddress" | "jaegerQueryUrl" | "otlpEndpoint"): string => {
    const value = options[key] ?? outputs[key];
    if (value === undefined) throw new VerifyError("pulumi stack output", `the stack has no output ${key}`, "Run `pulumi up` for this stack first.");
    return value;
  };
  const base = {
    milvusAddress: required("milvusAddress"),
    jaegerQueryUrl: required("jaegerQueryUrl"),
    jaegerUiUrl: options.jaegerUiUrl ?? outputs.jaegerUiUrl ?? required("jaegerQueryUrl"),
    otlpEndpoint: required("otlpEndpoint"),
    secure: options.secure ?? outputs.secure ?? false,
    caPem: readCaFile(options.caFile) ?? outputs.caCertificate,
    sampleFraction: options.sampleFraction ?? outputs.sampleFraction,
    images: outputs.images,
    source: `stack ${options.stack ?? "(selected)"}`,
  };
  if (!outputs.kubernetes || options.milvusAddress !== undefined) return { ...base, close: () => Promise.resolve() };

  // Cluster DNS names do not resolve here: reach the Services through port-forwards.
  const forwards = await forwardKubernetesPorts(outputs.kubernetes);
  return {
    ...base,
    milvusAddress: forwards.milvusAddress,
    jaegerQueryUrl: forwards.jaegerQueryUrl,
    jaegerUiUrl: options.jaegerUiUrl ?? forwards.jaegerQueryUrl,
    otlpEndpoint: forwards.otlpEndpoint,
    // The certificate names jaeger and localhost; the forward is on 127.0.0.1.
    source: `${base.source} via port-forward`,
    close: () => forwards.close(),
  };
}

function readCaFile(path: string | undefined): string | undefined {
  return path === undefined ? undefined : readFileSync(path, "utf8");
}

async function readStackOutputs(stack: string | undefined): Promise<StackOutputsJson> {
  // --show-secrets: a CA supplied as a config secret stays secret in the outputs.
  const args = ["stack", "output", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])];
  try {
    return JSON.parse(await pulumiOutput(args)) as StackOutputsJson;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VerifyError(
      `pulumi ${args.join(" ")}`,
      `could not read the stack's outputs (${message.split("\n")[0] ?? message})`,
      "Deploy first (npm start), select the stack with --stack NAME, or give --milvus, --jaeger-query and --otlp.",
    );
  }
}
