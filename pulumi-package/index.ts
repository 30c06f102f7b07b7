import * as pulumi from "@pulumi/pulumi";
import { MilvusTracing as TracingComponent, type MilvusTracingArgs } from "milvus-tracing-library";

/**
 * The args are every setting of the stack program, under the same name and with the same default
 * (README "Settings"). Lists (externalPorts, otlpClientNamespaces, adoptObjects) are comma-separated
 * strings; forwardCa, forwardHeaders, tlsCert, tlsKey and tlsCa are kept as secrets.
 */
export type { MilvusTracingArgs };

/**
 * Jaeger v2 and a traced Milvus standalone, on Docker or Kubernetes, for Pulumi programs in any
 * language: `pulumi package add` of this folder generates the caller's SDK from this class.
 * Bad args are refused, naming each, and so is any object on the engine or cluster that this stack
 * did not create, before anything is registered.
 */
export class MilvusTracing extends pulumi.ComponentResource {
  /** Milvus gRPC, host:port as the deployer reaches it. */
  readonly milvusAddress: pulumi.Output<string>;
  /** Jaeger's query API (verify's --jaeger-query); empty under forwardMode milvus-direct, which runs no Jaeger. */
  readonly jaegerQueryUrl: pulumi.Output<string>;
  /** Jaeger's UI; empty under forwardMode milvus-direct. */
  readonly jaegerUiUrl: pulumi.Output<string>;
  /** OTLP gRPC, host:port, where an application sends its own spans from the deployer's side; empty under milvus-direct. */
  readonly otlpEndpoint: pulumi.Output<string>;
  /** The CA that signs the OTLP receiver's certificate when secure; empty otherwise. */
  readonly caCertificate: pulumi.Output<string>;
  /** A secret: every output of the stack program, as `pulumi stack output --json --show-secrets` prints them. */
  readonly stackOutputsJson: pulumi.Output<string>;

  constructor(name: string, args: MilvusTracingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("milvus-tracing:index:MilvusTracing", name, {}, opts);
    // create() reads the engine or cluster for foreign objects before registering anything; the
    // outputs wait for it, so a refusal fails this component with its message.
    const tracing = pulumi.output(TracingComponent.create(name, args, { parent: this }));
    const orEmpty = (pick: (t: TracingComponent) => pulumi.Output<string> | undefined): pulumi.Output<string> =>
      tracing.apply((t) => pick(t) ?? pulumi.output(""));
    this.milvusAddress = tracing.apply((t) => t.milvusAddress);
    this.jaegerQueryUrl = orEmpty((t) => t.jaegerQueryUrl);
    this.jaegerUiUrl = orEmpty((t) => t.jaegerUiUrl);
    this.otlpEndpoint = orEmpty((t) => t.otlpEndpoint);
    this.caCertificate = orEmpty((t) => t.caCertificate);
    this.stackOutputsJson = pulumi.secret(tracing.apply((t) => pulumi.jsonStringify(pulumi.output(t.stackOutputs))));
    this.registerOutputs({
      milvusAddress: this.milvusAddress,
      jaegerQueryUrl: this.jaegerQueryUrl,
      jaegerUiUrl: this.jaegerUiUrl,
      otlpEndpoint: this.otlpEndpoint,
      caCertificate: this.caCertificate,
      stackOutputsJson: this.stackOutputsJson,
    });
  }
}
