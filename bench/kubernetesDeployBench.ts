import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { renderedManifests } from "../components/testing/renderedManifests";
import { ThrowawayStack } from "../test/e2e/pulumiStack";
import { kubectl, lab, LAB_RESOURCES, runKubectl } from "../test/e2e-kubernetes/labCluster";
import { percentile } from "./percentiles";

/**
 * bench:deploy --target kubernetes, in one run on the lab cluster: `pulumi up` of a Kubernetes stack
 * until Milvus is ready, against `kubectl apply` + `kubectl wait` of the same objects (rendered
 * from the program itself), alternating which goes first, each in a namespace of its own.
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
  const manifests = join(mkdtempSync(join(tmpdir(), "milvus-tracing-bench-k8s-")), "manifests.yaml");
  writeFileSync(manifests, (await renderedManifests({ ...settings, namespace: kubectlNamespace })).map((m) => stringify(m)).join("---\n"));
  const stack = await ThrowawayStack.create("bench-k8s", { ...settings, target: "kubernetes", namespace: pulumiNamespace });

  const applyAndWait = async () => {
    await kubectl(["apply", "-f", manifests]);
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
    const pulumiMedian = percentile(pulumiTimes, 50);
    const kubectlMedian = percentile(kubectlTimes, 50);
    process.stdout.write(
      [
        "bench:deploy --target kubernetes (one run, the lab cluster, lab images, objects created from scratch each round)",
        `  pulumi up until Milvus ready:       ${pulumiTimes.map(seconds).join(", ")}   median ${seconds(pulumiMedian)}`,
        `  kubectl apply + wait (same objects): ${kubectlTimes.map(seconds).join(", ")}   median ${seconds(kubectlMedian)}`,
        `  pulumi / kubectl (medians):         ${(pulumiMedian / kubectlMedian).toFixed(2)}`,
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
