import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import program from "../../index";
import { deployComponentWithMocks, valueOf } from "../testing/mockedDeployment";
import { withStubDockerEngine } from "../testing/stubDockerEngine";
import { argsFromConfig } from "./argsFromConfig";
import { MilvusTracing } from "./milvusTracing";

/*
 * The URNs index.ts registered before it went through MilvusTracing (main at dbe0fe3, the same
 * mocks, stack "test"): an existing stack's `pulumi up` finds every resource under the URN it has,
 * so none is replaced. A replaced Milvus keeps its data only by luck.
 */
const TODAY_DOCKER = [
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$docker:index/network:Network::milvus-tracing-docker-network",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service$docker:index/container:Container::milvus-tracing-docker-jaeger",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service$docker:index/container:Container::milvus-tracing-docker-milvus",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service$docker:index/volume:Volume::milvus-tracing-docker-jaeger-data",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service$docker:index/volume:Volume::milvus-tracing-docker-milvus-data",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service::milvus-tracing-docker-jaeger",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform$milvus-tracing:docker:Service::milvus-tracing-docker-milvus",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:docker:Platform::milvus-tracing-docker",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack::milvus-tracing",
];
const TODAY_KUBERNETES = [
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$kubernetes:core/v1:Namespace::milvus-tracing-kubernetes-namespace",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:apps/v1:Deployment::milvus-tracing-kubernetes-jaeger",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:apps/v1:Deployment::milvus-tracing-kubernetes-milvus",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:ConfigMap::milvus-tracing-kubernetes-jaeger-config",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:ConfigMap::milvus-tracing-kubernetes-milvus-config",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:PersistentVolumeClaim::milvus-tracing-kubernetes-jaeger-data",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:PersistentVolumeClaim::milvus-tracing-kubernetes-milvus-data",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:Service::milvus-tracing-kubernetes-jaeger",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:core/v1:Service::milvus-tracing-kubernetes-milvus",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:networking.k8s.io/v1:NetworkPolicy::milvus-tracing-kubernetes-jaeger-ingress",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service$kubernetes:networking.k8s.io/v1:NetworkPolicy::milvus-tracing-kubernetes-milvus-ingress",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service::milvus-tracing-kubernetes-jaeger",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$milvus-tracing:kubernetes:Service::milvus-tracing-kubernetes-milvus",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform$pulumi:providers:kubernetes::milvus-tracing-kubernetes-provider",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack$milvus-tracing:kubernetes:Platform::milvus-tracing-kubernetes",
  "urn:pulumi:test::milvus-tracing::milvus-tracing:index:TracingStack::milvus-tracing",
];

const withConfig = (config: Record<string, string>): void => {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [`milvus-tracing:${key}`, value])), []);
};

/** Runs index.ts as the Pulumi engine would, in a root stack, and gives the URNs of what it registered. */
async function programUrns(): Promise<string[]> {
  const created: { resource: pulumi.Resource; type: string; name: string; parent: pulumi.Resource | undefined }[] = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      created.push({ resource: args.resource, type: args.type, name: args.name, parent: args.opts.parent });
      return undefined;
    });
    return program();
  });
  await Promise.all(created.map((entry) => valueOf(entry.resource.urn)));
  const byResource = new Map(created.map((entry) => [entry.resource, entry]));
  // The root stack's type is no part of a URN.
  const chain = (entry: (typeof created)[number]): string => {
    const parent = entry.parent ? byResource.get(entry.parent) : undefined;
    return parent ? `${chain(parent)}$${entry.type}` : entry.type;
  };
  return created.map((entry) => `urn:pulumi:test::milvus-tracing::${chain(entry)}::${entry.name}`).sort();
}

describe("index.ts through MilvusTracing keeps existing stacks' URNs", () => {
  it("a default Docker stack: index.ts itself, ownership check included", async () => {
    withConfig({});
    assert.deepEqual(await withStubDockerEngine({}, programUrns), [...TODAY_DOCKER].sort());
  });

  it("a Kubernetes stack: the component index.ts makes from its config", async () => {
    withConfig({ target: "kubernetes" });
    const d = await deployComponentWithMocks((opts) => new MilvusTracing("milvus-tracing", argsFromConfig("milvus-tracing"), opts));
    assert.deepEqual([...d.urns].sort(), [...TODAY_KUBERNETES].sort());
  });
});
