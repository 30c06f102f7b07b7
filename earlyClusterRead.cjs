// Loaded by Pulumi.yaml's nodeargs, before the runtime loads @pulumi/pulumi. A Kubernetes stack's
// ownership check loads @kubernetes/client-node (about 0.6 s) and reads the cluster before the
// program may register anything. A worker thread starts that load now, on the other core, beside
// the runtime's and the program's own loading; the check hands it the request
// (components/ownership/clusterReader.ts) and reads the cluster itself if the worker is gone.
const { join } = require("node:path");
const { Worker } = require("node:worker_threads");

// The stack config the language host hands the program: `<project>:<key>`, or from older hosts
// (the lab's) `<project>:config:<key>`.
function targetsKubernetes(config) {
  try {
    const values = JSON.parse(config ?? "{}");
    return (values["milvus-tracing:target"] ?? values["milvus-tracing:config:target"]) === "kubernetes";
  } catch {
    return false;
  }
}

if (targetsKubernetes(process.env.PULUMI_CONFIG)) {
  const code = [
    'require("node:module").enableCompileCache();',
    `require(${JSON.stringify(require.resolve("tsx/cjs/api"))}).register();`,
    `require(${JSON.stringify(join(__dirname, "components/ownership/clusterReadWorker.ts"))}).serveClusterReads();`,
  ].join("\n");
  const worker = new Worker(code, { eval: true, execArgv: [] });
  const early = { worker, gone: false };
  // A worker that fails leaves the read to the program's thread; its error must not end the program.
  worker.on("error", () => {
    early.gone = true;
  });
  worker.on("exit", () => {
    early.gone = true;
  });
  // An idle worker does not keep the program alive (a program that fails validation never asks).
  worker.unref();
  globalThis[Symbol.for("milvus-tracing.clusterReadWorker")] = early;
}
