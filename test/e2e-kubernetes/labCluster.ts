import { runCommand, type CommandResult } from "../e2e/pulumiStack";

/** The lab cluster that run.sh brought up: its kubeconfig and a kubectl built with it. */
export const lab = {
  kubeconfig: process.env.LAB_KUBECONFIG ?? "",
  kubectl: process.env.LAB_KUBECTL ?? "",
  milvusImage: process.env.LAB_MILVUS_IMAGE ?? "",
  jaegerImage: process.env.LAB_JAEGER_IMAGE ?? "",
};

/** kubectl against the lab cluster, whatever its exit code. */
export function runKubectl(args: string[], timeoutMs = 180_000): Promise<CommandResult> {
  return runCommand(lab.kubectl, ["--kubeconfig", lab.kubeconfig, ...args], process.env, timeoutMs);
}

/** kubectl against the lab cluster; fails the test with its output when it fails. */
export async function kubectl(args: string[]): Promise<string> {
  const result = await runKubectl(args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.output}`);
  return result.output.trim();
}

/** `kind/name` of the objects of one kind in a namespace; none when there are none, or no namespace. */
export async function namesIn(namespace: string, kind: string): Promise<string[]> {
  const result = await runKubectl(["get", kind, "-n", namespace, "-o", "name"], 60_000);
  if (result.code !== 0) return [];
  return result.output.split("\n").map((line) => line.trim()).filter((line) => line.includes("/"));
}

export async function namespaceExists(namespace: string): Promise<boolean> {
  return (await runKubectl(["get", "namespace", namespace, "-o", "name"], 60_000)).code === 0;
}

/** Resources sized for the lab's one 2-core node: a prod stack's requests would not be scheduled. */
export const LAB_RESOURCES = {
  milvusCpuRequest: "500m",
  milvusMemoryRequest: "1Gi",
  milvusCpuLimit: "2",
  milvusMemoryLimit: "6Gi",
  jaegerCpuRequest: "100m",
  jaegerMemoryRequest: "128Mi",
};
