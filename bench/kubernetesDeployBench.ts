import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { renderedManifests } from "../components/testing/renderedManifests";
import { ThrowawayStack } from "../test/e2e/pulumiStack";
import { kubectl, lab, LAB_RESOURCES, runKubectl } from "../test/e2e-kubernetes/labCluster";
import { percentile } from "./percentiles";
import { providerCreates } from "./providerCreates";
import { parsePulumiTrace, pulumiStartPhases } from "./pulumiTracePhases";
import { scratchDir } from "../test/scratch";

/**
 * bench:deploy --target kubernetes, in one run on the lab cluster: `pulumi up` of a Kubernetes stack
 * until Milvus is ready, against `kubectl apply` + `kubectl wait` of the same objects (rendered
 * from the program itself), alternating which goes first, each in a namespace of its own; then one
 * traced `pulumi up` for where its time goes (its start, and each object's create and wait).
 */
const ROUNDS = 3;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const settings = { kubeconfig: lab.kubeconfig, milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage, ...LAB_RESOURCES, milvusDataSize: "2Gi", retainData: false, sampleFraction: 1 };

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function mustSucceed(result: Promise<{ code: number; output: string }>): Promise<void> {
  const { code, output } = await result;
  if (code !== 0) throw new Error(output);
}

async function main(): Promise<void> {
  const pulumiNamespace = "bench-pulumi";
  const kubectlNamespace = "bench-kubectl";
  const dir = scratchDir("bench-k8s");
  const manifests = join(dir, "manifests.yaml");
  writeFileSync(manifests, (await renderedManifests({ ...settings, namespace: kubectlNamespace })).map((m) => stringify(m)).join("---\n"));
  const stack = await ThrowawayStack.create("bench-k8s", { ...settings, target: "kubernetes", namespace: pulumiNamespace });

  const applyTimes: number[] = [];
  const applyAndWait = async () => {
    applyTimes.push(await timed(() => kubectl(["apply", "-f", manifests])));
    // What `pulumi up` waits for: both Deployments rolled out and available.
    await kubectl(["wait", "--for=condition=Available", "deployment/jaeger", "deployment/milvus", "-n", kubectlNamespace, "--timeout=600s"]);
  };
  const removeKubectl = () => kubectl(["delete", "namespace", kubectlNamespace, "--ignore-not-found", "--wait=true", "--timeout=300s"]);
  const pulumiTimes: number[] = [];
  const kubectlTimes: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const pulumiUp = async () => pulumiTimes.push(await timed(() => mustSucceed(stack.up())));
      const kubectlUp = async () => kubectlTimes.push(await timed(applyAndWait));
      if (round % 2 === 0) await pulumiUp().then(kubectlUp);
      else await kubectlUp().then(pulumiUp);
      process.stderr.write(`[bench] round ${round + 1}: pulumi up ${seconds(pulumiTimes.at(-1) ?? 0)}, kubectl apply + wait ${seconds(kubectlTimes.at(-1) ?? 0)}\n`);
      await mustSucceed(stack.destroy());
      await removeKubectl();
    }
    // One more pulumi up, with the CLI writing its own OpenTelemetry trace, kept out of the medians
    // above since writing it costs time.
    const traceFile = join(dir, "pulumi-up-trace.json");
    const tracedMs = await timed(() => mustSucceed(stack.up("--otel-traces", `file://${traceFile}`)));
    const spans = parsePulumiTrace(readFileSync(traceFile, "utf8"));
    const start = pulumiStartPhases(spans);
    const creates = providerCreates(spans);
    await mustSucceed(stack.destroy());
    const pulumiMedian = percentile(pulumiTimes, 50);
    const kubectlMedian = percentile(kubectlTimes, 50);
    process.stdout.write(
      [
        "bench:deploy --target kubernetes (one run, the lab cluster, lab images, objects created from scratch each round)",
        `  pulumi up until Milvus ready:       ${pulumiTimes.map(seconds).join(", ")}   median ${seconds(pulumiMedian)}`,
        `  kubectl apply + wait (same objects): ${kubectlTimes.map(seconds).join(", ")}   median ${seconds(kubectlMedian)}`,
        `    of which kubectl apply:            ${applyTimes.map(seconds).join(", ")}   median ${seconds(percentile(applyTimes, 50))}`,
        `  pulumi / kubectl (medians):         ${(pulumiMedian / kubectlMedian).toFixed(2)}   (target <= 1.3)`,
        `  pulumi up from its own trace (one extra, traced up: ${seconds(tracedMs)}):`,
        `    CLI and engine start, state read     ${seconds(start.cliAndEngineMs).padStart(7)}`,
        `    language host and program            ${seconds(start.programMs).padStart(7)}   (Node, the program, its ownership check reading the cluster)`,
        `    kubernetes provider start            ${seconds(start.providerStartMs).padStart(7)}`,
        "    each object: asked at, and its create and the provider's wait",
        ...creates.map((create) => `      ${`${create.kind} ${create.name}`.padEnd(58)}${seconds(create.startMs).padStart(7)} ${seconds(create.durationMs).padStart(7)}`),
      ].join("\n") + "\n",
    );
  } finally {
    await stack.destroy();
    await stack.remove();
    await removeKubectl().catch(() => "");
    await runKubectl(["delete", "namespace", pulumiNamespace, "--ignore-not-found"]);
  }
}

void main();
