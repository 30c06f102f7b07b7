import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { deployComponentWithMocks, valueOf, type MockedDeployment } from "../testing/mockedDeployment";
import { withStubDockerEngine } from "../testing/stubDockerEngine";
import { MilvusTracing } from "./milvusTracing";

/** What a transformation sees: a bad arg must stop the component before it registers even itself. */
function registrations(): { opts: pulumi.ComponentResourceOptions; seen: string[] } {
  const seen: string[] = [];
  return { seen, opts: { transformations: [(args) => { seen.push(args.name); return undefined; }] } };
}

const isProviderOf = (pkg: string, name: string) => (provider: string | undefined): boolean =>
  provider?.startsWith(`urn:pulumi:test::milvus-tracing::pulumi:providers:${pkg}::${name}::`) === true;

describe("MilvusTracing args", () => {
  it("lists every bad arg at once, naming the component and the arg, before registering anything", () => {
    const { opts, seen } = registrations();
    assert.throws(
      () => new MilvusTracing("search", { sampleFraction: 2, target: "nomad", milvusMemoryRequest: "16Gi" }, opts),
      (error: unknown) => {
        assert.ok(error instanceof pulumi.RunError);
        const lines = error.message.split("\n");
        assert.equal(lines[0], "Invalid MilvusTracing args (nothing was deployed):");
        assert.ok(lines.includes('  - MilvusTracing "search": sampleFraction = 2 is not allowed: expected a number from 0 to 1'), error.message);
        assert.ok(lines.includes('  - MilvusTracing "search": target = "nomad" is not allowed: expected one of docker | kubernetes'), error.message);
        assert.ok(lines.some((line) => line.startsWith('  - MilvusTracing "search": milvusMemoryRequest = "16Gi" is not allowed: expected at most milvusMemoryLimit')), error.message);
        return true;
      },
    );
    assert.deepEqual(seen, []);
  });

  it("create refuses bad args the same way, before it reads the engine or cluster", async () => {
    const { opts, seen } = registrations();
    await assert.rejects(MilvusTracing.create("search", { jaegerMaxTraces: 5 }, opts), /MilvusTracing "search": jaegerMaxTraces = 5 is not allowed/);
    assert.deepEqual(seen, []);
  });

  it("names an arg the table does not know, for callers without the types", () => {
    const args = { sampleFracton: 0.5 } as unknown as ConstructorParameters<typeof MilvusTracing>[1];
    assert.throws(() => new MilvusTracing("search", args), /MilvusTracing "search": sampleFracton is not a setting of this program/);
  });
});

describe("MilvusTracing with the caller's provider", () => {
  const kubernetesStack = (providerOpts: (provider: k8s.Provider) => pulumi.ComponentResourceOptions): Promise<MockedDeployment> =>
    deployComponentWithMocks((opts) => {
      const provider = new k8s.Provider("callers", { kubeconfig: "~/.kube/config" });
      return new MilvusTracing("search", { target: "kubernetes", namespace: "search" }, { ...opts, ...providerOpts(provider) });
    });

  const usesOnlyTheCallers = (d: MockedDeployment): void => {
    const providers = d.engineSaw.filter((seen) => seen.type === "pulumi:providers:kubernetes").map((seen) => seen.name);
    assert.deepEqual(providers, ["callers"]);
    const objects = d.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
    assert.ok(objects.length > 5);
    for (const object of objects) assert.ok(isProviderOf("kubernetes", "callers")(object.provider), `${object.name}: ${String(object.provider)}`);
  };

  it("deploys to Kubernetes through opts.providers and makes no provider of its own", async () => {
    usesOnlyTheCallers(await kubernetesStack((provider) => ({ providers: [provider] })));
  });

  it("takes opts.provider as well", async () => {
    usesOnlyTheCallers(await kubernetesStack((provider) => ({ provider })));
  });

  it("takes a parent's provider", async () => {
    usesOnlyTheCallers(
      await deployComponentWithMocks((opts) => {
        const provider = new k8s.Provider("callers", { kubeconfig: "~/.kube/config" });
        const parent = new pulumi.ComponentResource("caller:index:Platform", "platform", {}, { providers: [provider] });
        return new MilvusTracing("search", { target: "kubernetes", namespace: "search" }, { ...opts, parent });
      }),
    );
  });

  it("makes its own Kubernetes provider when given none, as the stack always has", async () => {
    const d = await deployComponentWithMocks((opts) => new MilvusTracing("search", { target: "kubernetes", namespace: "search" }, opts));
    assert.deepEqual(d.engineSaw.filter((seen) => seen.type === "pulumi:providers:kubernetes").map((seen) => seen.name), ["search-kubernetes-provider"]);
  });

  it("deploys to Docker through the caller's Docker provider", async () => {
    const d = await deployComponentWithMocks((opts) => {
      const provider = new docker.Provider("callers-engine", { host: "unix:///var/run/docker.sock" });
      return new MilvusTracing("search", {}, { ...opts, providers: [provider] });
    });
    assert.deepEqual(d.engineSaw.filter((seen) => seen.type.startsWith("pulumi:providers:")).map((seen) => seen.name), ["callers-engine"]);
    const objects = d.resources.filter((resource) => resource.type.startsWith("docker:"));
    assert.equal(objects.length, 5);
    for (const object of objects) assert.ok(isProviderOf("docker", "callers-engine")(object.provider), `${object.name}: ${String(object.provider)}`);
  });
});

describe("MilvusTracing in the caller's namespace (createNamespace false)", () => {
  it("creates no Namespace and puts every object in the caller's, which they wait for through dependsOn", async () => {
    let component: MilvusTracing | undefined;
    let callers: k8s.core.v1.Namespace | undefined;
    const d = await deployComponentWithMocks((opts) => {
      callers = new k8s.core.v1.Namespace("callers", { metadata: { name: "search" } });
      return (component = new MilvusTracing("search", { target: "kubernetes", namespace: "search", createNamespace: false }, { ...opts, dependsOn: [callers] }));
    });
    assert.ok(component?.kubernetes && callers);
    assert.deepEqual(d.engineSaw.filter((seen) => seen.type === "kubernetes:core/v1:Namespace").map((seen) => seen.name), ["callers"]);
    const objects = d.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
    assert.ok(objects.length > 5);
    for (const object of objects) {
      assert.equal((object.inputs.metadata as { namespace?: string } | undefined)?.namespace, "search", object.name);
      // Nothing in a namespace it does not own claims the namespace itself.
      assert.notEqual(object.type, "kubernetes:core/v1:Namespace");
    }
    assert.equal(await valueOf(component.kubernetes.namespace), "search");
    // Pulumi's own record of what an output depends on (internal, but what it sends the engine as each object's dependencies).
    const carried = await (component.kubernetes.namespace as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
    assert.ok(carried.has(callers), "the namespace the objects name carries the caller's Namespace");
  });

  it("names namespace when createNamespace is false without one", () => {
    assert.throws(
      () => new MilvusTracing("search", { target: "kubernetes", createNamespace: false }),
      /- MilvusTracing "search": createNamespace = false is not allowed without namespace: expected namespace set to the namespace to deploy into/,
    );
  });
});

describe("MilvusTracing outputs", () => {
  it("are the stack outputs, as properties, on Docker", async () => {
    let component: MilvusTracing | undefined;
    const d = await deployComponentWithMocks((opts) => (component = new MilvusTracing("search", { sampleFraction: 0.5, milvusPort: 29530 }, opts)));
    assert.ok(component);
    assert.equal(component.target, "docker");
    assert.equal(component.sampleFraction, 0.5);
    assert.equal(component.secure, false);
    assert.equal(await valueOf(component.milvusAddress), "127.0.0.1:29530");
    assert.ok(component.jaegerQueryUrl && component.otlpEndpoint && component.applicationOtlp);
    assert.equal(await valueOf(component.jaegerQueryUrl), "http://127.0.0.1:16686");
    assert.equal(await valueOf(component.otlpEndpoint), "127.0.0.1:4317");
    assert.equal(await valueOf(component.applicationOtlp.grpc.inPlatform), "jaeger:4317");
    assert.deepEqual(Object.keys(component.images).sort(), ["jaeger", "milvus"]);
    assert.equal(component.kubernetes, undefined);
    assert.equal(component.caCertificate, undefined);
    // Docker objects are named after the component and the stack, so two components do not collide.
    assert.deepEqual(d.ofType("docker:index/container:Container").map((container) => container.inputs.name).sort(), ["search-test-jaeger", "search-test-milvus"]);
    // What index.ts exports: none of the outputs that do not apply.
    assert.deepEqual(Object.keys(component.stackOutputs).sort(), [
      "applicationOtlp", "images", "jaegerMetricsUrl", "jaegerQueryUrl", "jaegerUiUrl", "milvusAddress", "milvusSpanServices", "otlpEndpoint", "sampleFraction", "secure", "target", "traceOverlay",
    ]);
  });

  it("carry the CA when secure, and a secret TLS arg reaches the platform as a secret", async () => {
    let component: MilvusTracing | undefined;
    const d = await deployComponentWithMocks(
      (opts) => (component = new MilvusTracing("search", { secure: true, tlsCert: "CERT", tlsKey: pulumi.output("KEY"), tlsCa: "CA" }, opts)),
    );
    assert.ok(component?.caCertificate);
    assert.equal(await valueOf(component.caCertificate), "CA");
    assert.equal(await pulumi.isSecret(component.caCertificate), true);
    assert.equal(d.ofType("tls:index/privateKey:PrivateKey").length, 0);
    const jaeger = d.named("docker:index/container:Container", "search-docker-jaeger");
    assert.ok(jaeger.secretInputs.some((path) => path.startsWith("uploads")), jaeger.secretInputs.join(", "));
  });

  it("leave Jaeger's endpoints out under milvus-direct and give the namespace on Kubernetes", async () => {
    let component: MilvusTracing | undefined;
    await deployComponentWithMocks(
      (opts) => (component = new MilvusTracing("search", { target: "kubernetes", namespace: "search", forwardMode: "milvus-direct", forwardEndpoint: "otlp.example.com:4317", milvusImage: "milvusdb/milvus:v2.6.15" }, opts)),
    );
    assert.ok(component?.kubernetes);
    assert.equal(component.jaegerQueryUrl, undefined);
    assert.equal("jaegerQueryUrl" in component.stackOutputs, false);
    assert.equal(await valueOf(component.kubernetes.namespace), "search");
  });

  it("take forwardHeaders as an output, whose names are only known once it resolves", async () => {
    const d = await deployComponentWithMocks(
      (opts) =>
        new MilvusTracing(
          "search",
          { forwardMode: "local-and-forward", forwardEndpoint: "otlp.example.com:4317", forwardHeaders: pulumi.output('{"authorization":"Basic eDp5"}') },
          opts,
        ),
    );
    const jaeger = d.named("docker:index/container:Container", "search-docker-jaeger");
    assert.match(JSON.stringify(jaeger.inputs), /Basic eDp5/);
    assert.ok(jaeger.secretInputs.length > 0);
  });
});

// Last: the component create makes registers outside deployComponentWithMocks's record.
describe("MilvusTracing.create's ownership check", () => {
  it("refuses a container another stack owns where it would deploy, and registers nothing", async () => {
    const { opts, seen } = registrations();
    const foreign = { "/containers/search-test-milvus/json": { "milvus-tracing/stack": "other.prod" } };
    await assert.rejects(
      withStubDockerEngine(foreign, () => MilvusTracing.create("search", {}, opts)),
      /Objects this stack did not create stand where it would deploy[\s\S]*search-test-milvus/,
    );
    assert.deepEqual(seen, []);
  });

  it("names a cluster arg it cannot use as the arg", async () => {
    await assert.rejects(
      MilvusTracing.create("search", { target: "kubernetes", kubeconfig: "/nonexistent/kubeconfig" }),
      (error: unknown) => {
        assert.ok(error instanceof pulumi.RunError);
        assert.match(error.message, /- MilvusTracing "search": kubeconfig = "\/nonexistent\/kubeconfig" is not allowed: no such file/);
        return true;
      },
    );
  });

  it("constructs once the engine has nothing in the way", async () => {
    const component = await withStubDockerEngine({}, () => MilvusTracing.create("search", {}));
    assert.equal(await valueOf(component.milvusAddress), "127.0.0.1:19530");
  });
});
