import { PolicyPack, type ReportViolation, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { deployedServices, type DeployedService, type ResourceView } from "./deployedServices";
import { exposedOnlyWithLogin, jaegerStoragePersistent, otlpOverTls, podSecurityLabelled, requestsAndLimits, samplesTraces, type Finding } from "./rules";

/** The rules live in rules.ts as pure functions; here they meet @pulumi/policy. */
function report(findings: readonly Finding[], reportViolation: ReportViolation): void {
  for (const finding of findings) reportViolation(finding.message, finding.urn);
}

function resourcePolicy(name: string, description: string, check: (resource: ResourceView) => Finding[]): ResourceValidationPolicy {
  return {
    name,
    description,
    validateResource: (args, reportViolation) => {
      report(check({ type: args.type, name: args.name, urn: args.urn, props: args.props }), reportViolation);
    },
  };
}

/** A rule spanning resources (a Kubernetes workload and its ConfigMaps, Secrets and Services; Milvus and Jaeger). */
function stackPolicy(name: string, description: string, check: (services: DeployedService[]) => Finding[]): StackValidationPolicy {
  return {
    name,
    description,
    validateStack: (args, reportViolation) => {
      const resources = args.resources.map((resource): ResourceView => ({ type: resource.type, name: resource.name, urn: resource.urn, props: resource.props }));
      report(check(deployedServices(resources)), reportViolation);
    },
  };
}

new PolicyPack("milvus-tracing-production", {
  enforcementLevel: "mandatory",
  policies: [
    // A stack rule: on Kubernetes a service's files are in the ConfigMaps and Secrets its workload mounts.
    stackPolicy("otlp-over-tls", "Milvus sends its spans to Jaeger over TLS, and Jaeger's OTLP receivers ask for it.", (services) => services.flatMap(otlpOverTls)),
    stackPolicy("traces-sampled", "Not every trace is kept: Milvus samples below 1, or Jaeger's collector samples the tail.", samplesTraces),
    stackPolicy("exposed-only-with-login", "Nothing is reachable beyond loopback (Docker) or the cluster (NodePort, LoadBalancer) without a login.", exposedOnlyWithLogin),
    resourcePolicy("requests-and-limits", "Every container has CPU and memory requests and limits.", (resource) =>
      resource.type === "docker:index/container:Container" || resource.type === "kubernetes:apps/v1:Deployment" || resource.type === "kubernetes:apps/v1:StatefulSet"
        ? requestsAndLimits(resource)
        : [],
    ),
    resourcePolicy("pod-security-label", "The namespace enforces Pod Security baseline or restricted.", (resource) =>
      resource.type === "kubernetes:core/v1:Namespace" ? podSecurityLabelled(resource) : [],
    ),
    stackPolicy("jaeger-storage-persistent", "Jaeger keeps its traces in Badger on a volume that outlives it.", jaegerStoragePersistent),
  ],
});
