import * as pulumi from "@pulumi/pulumi";
import { refuseForeignObjects } from "../ownership/checkOwnership";
import { describeServices, SERVICE_TABLE } from "../services/serviceTable";
import type { MilvusSpanServices } from "../services/milvusSpanServices";
import { exportedOutputs, type ApplicationOtlp, type DeployedImages, type ExportedDirectOutputs, type ExportedOutputs, type KubernetesOutputs } from "../stackOutputs";
import { TracingStack, type TracingStackArgs } from "../tracingStack";
import type { MilvusTracingArgs } from "./argKinds";
import { argProblem, settingsFromArgs, type DescribeProblem } from "./settingsFromArgs";

export interface CreateOptions {
  /** How a problem names what to change; by default `MilvusTracing "<name>": <arg> ...`. index.ts names stack config keys. */
  describeProblem?: DescribeProblem;
}

/**
 * Jaeger v2 and a traced Milvus standalone, on Docker or Kubernetes, as one component: the args are
 * the stack settings (same names, same defaults), the properties the stack outputs.
 *
 * `MilvusTracing.create` is the guarded way in: it validates the args, reads the engine or cluster
 * for objects this stack did not create, and only then registers anything. `new MilvusTracing`
 * validates the args but cannot await that read, so it skips it.
 *
 * A Kubernetes or Docker provider in `opts.provider(s)` (or a parent's) deploys everything; without
 * one the component makes its own Kubernetes provider from kubeconfig/kubeContext, as the stack
 * does, and Docker uses the ambient engine (DOCKER_HOST). The ownership check reads the cluster
 * named by kubeconfig/kubeContext (ambient when unset) and the engine at DOCKER_HOST, whatever the
 * provider: set them to where the provider points.
 *
 * The type token stays `milvus-tracing:index:TracingStack`, the stack program's since before the
 * library, so that every existing stack's URNs stay as they are.
 */
export class MilvusTracing extends TracingStack {
  /** What index.ts exports: the outputs that apply to this deployment. */
  readonly stackOutputs: ExportedOutputs | ExportedDirectOutputs;
  readonly target: "docker" | "kubernetes";
  readonly milvusAddress: pulumi.Output<string>;
  /** Jaeger's endpoints; undefined under forwardMode milvus-direct, which runs no Jaeger. */
  readonly jaegerUiUrl: pulumi.Output<string> | undefined;
  readonly jaegerQueryUrl: pulumi.Output<string> | undefined;
  readonly otlpEndpoint: pulumi.Output<string> | undefined;
  readonly applicationOtlp: ApplicationOtlp | undefined;
  readonly jaegerMetricsUrl: pulumi.Output<string> | undefined;
  readonly sampleFraction: number;
  /** Where the spans go when not only to this component's Jaeger. */
  readonly forwardMode: ExportedOutputs["forwardMode"];
  readonly tailSampling: { baselinePercent: number; decisionWaitSeconds: number } | undefined;
  readonly secure: boolean;
  readonly traceOverlay: string;
  readonly milvusSpanServices: MilvusSpanServices;
  readonly images: DeployedImages;
  /** Kubernetes only. */
  readonly kubernetes: KubernetesOutputs | undefined;

  /** Validates `args`, refuses foreign objects where it would deploy, then constructs; a refusal registers nothing. */
  static async create(name: string, args: MilvusTracingArgs = {}, opts?: pulumi.ComponentResourceOptions, how: CreateOptions = {}): Promise<MilvusTracing> {
    const describeProblem = how.describeProblem ?? argProblem(name);
    const stackArgs = tracingStackArgs(name, args, describeProblem);
    const { settings, forwardSecrets, owner, namePrefix } = stackArgs;
    await refuseForeignObjects({
      settings,
      services: describeServices(SERVICE_TABLE, settings, undefined, undefined, forwardSecrets),
      owner,
      namePrefix,
      configNamespace: owner.project,
      describeProblem,
    });
    return new MilvusTracing(name, args, opts, how);
  }

  constructor(name: string, args: MilvusTracingArgs = {}, opts?: pulumi.ComponentResourceOptions, how: CreateOptions = {}) {
    // Validation runs before super: a bad arg registers nothing, not even this component.
    super(name, tracingStackArgs(name, args, how.describeProblem ?? argProblem(name)), opts);
    this.stackOutputs = exportedOutputs(this.outputs, this.caCertificate, this.credentials);
    const all: Partial<ExportedOutputs> & ExportedDirectOutputs = this.stackOutputs;
    this.target = all.target;
    this.milvusAddress = all.milvusAddress;
    this.jaegerUiUrl = all.jaegerUiUrl;
    this.jaegerQueryUrl = all.jaegerQueryUrl;
    this.otlpEndpoint = all.otlpEndpoint;
    this.applicationOtlp = all.applicationOtlp;
    this.jaegerMetricsUrl = all.jaegerMetricsUrl;
    this.sampleFraction = all.sampleFraction;
    this.forwardMode = all.forwardMode;
    this.tailSampling = all.tailSampling;
    this.secure = all.secure;
    this.traceOverlay = all.traceOverlay;
    this.milvusSpanServices = all.milvusSpanServices;
    this.images = all.images;
    this.kubernetes = all.kubernetes;
  }
}

/**
 * The stack that owns the objects is the Pulumi stack running the program; Docker names start with
 * `<name>-<stack>`, which for index.ts's "milvus-tracing" is the prefix stacks have always had.
 */
function tracingStackArgs(name: string, args: MilvusTracingArgs, describe: DescribeProblem): TracingStackArgs {
  const owner = { project: pulumi.getProject(), stack: pulumi.getStack() };
  return { ...settingsFromArgs(args, owner.stack, describe), owner, namePrefix: `${name}-${owner.stack}` };
}
