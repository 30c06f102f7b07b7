import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { readCluster, type ClusterReadRequest } from "./clusterRead";

const REPO = join(__dirname, "../..");
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: lab, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: admin, user: { token: t } }]
contexts: [{ name: lab, context: { cluster: lab, user: admin } }]
current-context: lab
`;
const PLANNED = [{ kind: "namespace", name: "milvus-tracing-prod", otherName: "set namespace to another name" }];

/**
 * Runs the check's read in a Node process that loaded earlyClusterRead.cjs first, as Pulumi.yaml's
 * nodeargs load it, with the stack config Pulumi gives the program: whether the worker was there,
 * and what the read answered.
 */
async function readInProgramProcess(config: Record<string, string>, requests: ClusterReadRequest[]): Promise<{ early: boolean; reads: { read: unknown; by: string }[] }> {
  const script = `
    require("tsx/cjs/api").register();
    const early = globalThis[Symbol.for("milvus-tracing.clusterReadWorker")] !== undefined;
    const { readClusterForCheck } = require("./components/ownership/clusterReader.ts");
    (async () => {
      const reads = [];
      for (const request of ${JSON.stringify(requests)}) reads.push(await readClusterForCheck(request));
      process.stdout.write(JSON.stringify({ early, reads }));
    })();`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--require", "./earlyClusterRead.cjs", "-e", script], {
    cwd: REPO,
    env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config) },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as { early: boolean; reads: { read: unknown; by: string }[] };
}

describe("the ownership check's cluster read, started early in a worker thread", () => {
  it("answers as the program's own thread does: a missing kubeconfig, a bad context, an unreachable cluster", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "cluster-read-")), "kubeconfig");
    writeFileSync(file, KUBECONFIG);
    const requests: ClusterReadRequest[] = [
      { kubeconfig: "/nonexistent/kubeconfig", context: undefined, planned: PLANNED, storageClass: undefined },
      { kubeconfig: file, context: "prod-cluster", planned: PLANNED, storageClass: undefined },
      { kubeconfig: KUBECONFIG, context: undefined, planned: PLANNED, storageClass: "fast" },
    ];
    const inThread = await Promise.all(requests.map((request) => readCluster(request)));
    // The early worker answers the first request; the later ones are read in the program's thread.
    const run = await readInProgramProcess({ "milvus-tracing:target": "kubernetes" }, [requests[2] as ClusterReadRequest, requests[0] as ClusterReadRequest, requests[1] as ClusterReadRequest]);
    assert.equal(run.early, true);
    assert.deepEqual(run.reads, [
      { read: inThread[2], by: "worker" },
      { read: inThread[0], by: "this thread" },
      { read: inThread[1], by: "this thread" },
    ]);
    assert.deepEqual(inThread.map((read) => read.kind), ["unusable", "unusable", "unreadable"]);
  });

  it("starts no worker for a Docker stack, and the read still answers", async () => {
    const request: ClusterReadRequest = { kubeconfig: "/nonexistent/kubeconfig", context: undefined, planned: PLANNED, storageClass: undefined };
    const run = await readInProgramProcess({ "milvus-tracing:target": "docker" }, [request]);
    assert.equal(run.early, false);
    assert.deepEqual(run.reads, [{ read: await readCluster(request), by: "this thread" }]);
  });

  it("reads the target from older language hosts' config keys too (<project>:config:<key>, the lab's)", async () => {
    const request: ClusterReadRequest = { kubeconfig: "/nonexistent/kubeconfig", context: undefined, planned: PLANNED, storageClass: undefined };
    const run = await readInProgramProcess({ "milvus-tracing:config:target": "kubernetes" }, [request]);
    assert.equal(run.early, true);
    assert.deepEqual(run.reads, [{ read: await readCluster(request), by: "worker" }]);
  });
});
