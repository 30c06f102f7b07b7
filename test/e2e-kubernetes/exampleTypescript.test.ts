import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { pulumiEnv, pulumiInvocation } from "../../scripts/pulumiCli";
import { forwardKubernetesPorts, type KubernetesOutputsJson } from "../../verify/kubernetesPortForward";
import { runCommand, type CommandResult } from "../e2e/pulumiStack";
import { scratchDir } from "../scratch";
import { REPO } from "../verifyProcess";
import { kubectl, lab, LAB_RESOURCES, namesIn, namespaceExists, runKubectl } from "./labCluster";

/**
 * examples/typescript as a user runs it: its own npm install (this package as a file dependency),
 * its own Pulumi project and stack, the lab's CLI and Node language host, the lab cluster.
 */
const EXAMPLE = join(REPO, "examples", "typescript");
const PROJECT = "milvus-tracing-example";
const STACK = "e2e-example";
const NAMESPACE = "e2e-example";
const OWNER_LABEL = "milvus-tracing/stack";
/** Every kind the component makes in a namespace. */
const COMPONENT_KINDS = "deployments,services,persistentvolumeclaims,configmaps,secrets,networkpolicies";

interface StateResource {
  urn: string;
  type: string;
  parent?: string;
  dependencies?: string[];
}

/** The example's stack on a file backend of its own, its config file outside the checkout. */
class ExampleStack {
  readonly env: NodeJS.ProcessEnv;
  readonly configFile: string;

  constructor(dir: string) {
    this.configFile = join(dir, `Pulumi.${STACK}.yaml`);
    this.env = pulumiEnv({ ...process.env, PULUMI_BACKEND_URL: `file://${dir}`, PULUMI_CONFIG_PASSPHRASE: "e2e-throwaway" });
  }

  pulumi(args: string[]): Promise<CommandResult> {
    const pulumi = pulumiInvocation(this.env);
    return runCommand(pulumi.command, [...args, "--cwd", EXAMPLE, "--stack", STACK, "--non-interactive"], pulumi.env);
  }

  /** `pulumi stack init` writes the stack's encryption salt into the project folder: moved out, with the config, to configFile. */
  async init(config: Record<string, unknown>): Promise<void> {
    const stackFile = join(EXAMPLE, `Pulumi.${STACK}.yaml`);
    try {
      const init = await this.pulumi(["stack", "init"]);
      assert.equal(init.code, 0, init.output);
      const { encryptionsalt } = parse(readFileSync(stackFile, "utf8")) as { encryptionsalt?: string };
      const namespaced = Object.fromEntries(Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value]));
      writeFileSync(this.configFile, stringify({ encryptionsalt, config: namespaced }));
    } finally {
      rmSync(stackFile, { force: true });
    }
  }

  up(): Promise<CommandResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--config-file", this.configFile]);
  }

  destroy(...args: string[]): Promise<CommandResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile, ...args]);
  }

  async outputs(): Promise<{ namespace: string; portForwards: KubernetesOutputsJson["portForwards"] }> {
    const result = await this.pulumi(["stack", "output", "--json", "--show-secrets"]);
    assert.equal(result.code, 0, result.output);
    return JSON.parse(result.output) as { namespace: string; portForwards: KubernetesOutputsJson["portForwards"] };
  }

  async state(): Promise<StateResource[]> {
    const exported = await this.pulumi(["stack", "export"]);
    assert.equal(exported.code, 0, exported.output);
    return (JSON.parse(exported.output) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? [];
  }
}

/** `kind/name=<owner label>` of what the component made in the namespace (Kubernetes adds kube-root-ca.crt, unlabelled, to every namespace). */
async function componentObjects(): Promise<string[]> {
  const listed = await kubectl(["get", COMPONENT_KINDS, "-n", NAMESPACE, "-l", OWNER_LABEL, "-o", `jsonpath={range .items[*]}{.kind}/{.metadata.name} {end}`]);
  return listed.split(" ").filter(Boolean).sort();
}

before(() => {
  assert.ok(lab.kubeconfig && lab.kubectl && lab.milvusImage && lab.jaegerImage, "run through test/e2e-kubernetes/run.sh, which brings the lab cluster up");
});

describe("examples/typescript: its own provider and namespace, MilvusTracing from this package deployed into them", () => {
  let stack: ExampleStack;
  before(async () => {
    // The example's lock file, as a user installs it: this package comes in as a link to the checkout.
    const install = await runCommand("npm", ["ci", "--no-audit", "--no-fund", "--prefix", EXAMPLE], process.env);
    assert.equal(install.code, 0, install.output);
    stack = new ExampleStack(scratchDir("e2e-example"));
    await stack.init({
      kubeconfig: lab.kubeconfig,
      namespace: NAMESPACE,
      // Lab images and requests that fit the lab's one node, through the example's pass-through of MilvusTracing's args.
      tracing: { milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage, ...LAB_RESOURCES, milvusDataSize: "1Gi", jaegerDataSize: "1Gi" },
    });
  });
  after(async () => {
    await stack.destroy();
    await stack.pulumi(["stack", "rm", "--yes", "--force"]);
    await kubectl(["delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
  });

  it("deploys: the example's namespace holds Milvus and Jaeger, labelled as the stack's, and the namespace is the example's alone", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const ready = await kubectl(["get", "deployments", "-n", NAMESPACE, "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.readyReplicas} {end}"]);
    assert.deepEqual(ready.split(" ").filter(Boolean).sort(), ["jaeger=1", "milvus=1"]);
    const owned = await componentObjects();
    for (const object of ["Deployment/jaeger", "Deployment/milvus", "Service/jaeger", "Service/milvus", "PersistentVolumeClaim/jaeger-data", "PersistentVolumeClaim/milvus-data"]) {
      assert.ok(owned.includes(object), `${object} in ${owned.join(" ")}`);
    }
    const owners = await kubectl(["get", COMPONENT_KINDS, "-n", NAMESPACE, "-l", OWNER_LABEL, "-o", `jsonpath={range .items[*]}{.metadata.labels.milvus-tracing/stack} {end}`]);
    assert.deepEqual([...new Set(owners.split(" ").filter(Boolean))], [`${PROJECT}.${STACK}`]);
    // The component neither labels the caller's namespace as its own nor takes its Pod Security label away.
    const labels = JSON.parse(await kubectl(["get", "namespace", NAMESPACE, "-o", "jsonpath={.metadata.labels}"])) as Record<string, string>;
    assert.equal(labels[OWNER_LABEL], undefined, JSON.stringify(labels));
    assert.equal(labels["pod-security.kubernetes.io/enforce"], "baseline");

    const state = await stack.state();
    const namespaces = state.filter((resource) => resource.type === "kubernetes:core/v1:Namespace");
    assert.equal(namespaces.length, 1, namespaces.map((resource) => resource.urn).join("\n"));
    const [namespace] = namespaces;
    assert.ok(namespace);
    const component = state.find((resource) => resource.type === "milvus-tracing:index:TracingStack");
    assert.ok(component, "the component is in the state");
    assert.equal(namespace.parent, state.find((resource) => resource.type === "pulumi:pulumi:Stack")?.urn, "the Namespace is the program's, not the component's");
    // Every object the component put in the namespace waits for it (and goes before it on destroy).
    const inNamespace = state.filter((resource) => resource.type.startsWith("kubernetes:") && resource.urn.includes("milvus-tracing:index:TracingStack$"));
    assert.ok(inNamespace.length >= 10, inNamespace.map((resource) => resource.urn).join("\n"));
    for (const object of inNamespace) assert.ok(object.dependencies?.includes(namespace.urn), `${object.urn} depends on ${JSON.stringify(object.dependencies)}`);
  });

  it("npm run verify -- --milvus ... --jaeger-query ... --otlp ... passes through port-forwards to the example's outputs", async (t) => {
    const outputs = await stack.outputs();
    assert.equal(outputs.namespace, NAMESPACE);
    assert.deepEqual(Object.keys(outputs.portForwards).sort(), ["jaegerMetricsUrl", "jaegerQueryUrl", "milvusAddress", "otlpEndpoint"]);
    const forwards = await forwardKubernetesPorts({ namespace: outputs.namespace, kubeconfig: lab.kubeconfig, portForwards: outputs.portForwards }, 60);
    try {
      const { milvusAddress, jaegerQueryUrl, otlpEndpoint } = forwards.addresses;
      assert.ok(milvusAddress && jaegerQueryUrl && otlpEndpoint, JSON.stringify(forwards.addresses));
      // npm's `node` is the tier's own (Node 22), as for a person who put it first on PATH.
      const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter) };
      const args = ["run", "verify", "--", "--milvus", milvusAddress, "--jaeger-query", `http://${jaegerQueryUrl}`, "--otlp", otlpEndpoint, "--timeout", "90"];
      const verify = await runCommand("npm", args, env, 300_000);
      t.diagnostic(verify.output.split("\n").slice(-12).join("\n"));
      assert.equal(verify.code, 0, verify.output);
      assert.match(verify.output, /^verify: PASS/m);
    } finally {
      await forwards.close();
    }
  });

  it("destroying the component alone removes every object it made and leaves the example's namespace as it was", async () => {
    const component = (await stack.state()).find((resource) => resource.type === "milvus-tracing:index:TracingStack");
    assert.ok(component);
    const before = await kubectl(["get", "namespace", NAMESPACE, "-o", "jsonpath={.metadata.uid}"]);
    // The component's children come with it only as its dependents, which CLI 3.259 wants said.
    const destroyed = await stack.destroy("--target", component.urn, "--target-dependents");
    assert.equal(destroyed.code, 0, destroyed.output);
    // Pods go after their Deployment, and claims behind their protection finalizer once the pods are gone.
    for (const kind of ["pods", "persistentvolumeclaims"]) await runKubectl(["wait", "--for=delete", kind, "--all", "-n", NAMESPACE, "--timeout=120s"], 150_000);
    assert.deepEqual(await componentObjects(), []);
    assert.deepEqual(await namesIn(NAMESPACE, "pods"), []);
    const after = await kubectl(["get", "namespace", NAMESPACE, "-o", "jsonpath={.metadata.uid}={.status.phase}:{.metadata.deletionTimestamp}"]);
    assert.equal(after, `${before}=Active:`, "the same namespace, active, not being deleted");
    const left = (await stack.state()).map((resource) => resource.type).filter((type) => type !== "pulumi:pulumi:Stack" && type !== "pulumi:providers:kubernetes");
    assert.deepEqual(left, ["kubernetes:core/v1:Namespace"]);
  });

  it("the example's own destroy deletes its namespace", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    await runKubectl(["wait", "--for=delete", `namespace/${NAMESPACE}`, "--timeout=180s"], 210_000);
    assert.equal(await namespaceExists(NAMESPACE), false);
  });
});
