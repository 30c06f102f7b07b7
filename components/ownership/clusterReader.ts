import { Worker } from "node:worker_threads";
import { readCluster, type ClusterRead, type ClusterReadRequest } from "./clusterRead";
import type { ClusterReadAnswer } from "./clusterReadWorker";

/** Where earlyClusterRead.cjs leaves the worker it started; `gone` once it failed or exited. */
const EARLY_WORKER = Symbol.for("milvus-tracing.clusterReadWorker");

interface EarlyWorker {
  worker: Worker;
  gone: boolean;
}

/** A read, and which thread made it. */
export interface CheckRead {
  read: ClusterRead;
  by: "worker" | "this thread";
}

/**
 * The ownership check's cluster read: through the worker thread that earlyClusterRead.cjs started
 * for a Kubernetes stack (it has loaded @kubernetes/client-node meanwhile), else in this thread.
 * The answer is the same either way; a worker that is gone or fails leaves the read to this thread.
 */
export async function readClusterForCheck(request: ClusterReadRequest): Promise<CheckRead> {
  const early = takeEarlyWorker();
  if (early !== undefined) {
    const answer = await ask(early, request).catch(() => undefined);
    void early.worker.terminate();
    if (answer !== undefined) {
      if (answer.ok) return { read: answer.read, by: "worker" };
      throw new Error(answer.message);
    }
  }
  return { read: await readCluster(request), by: "this thread" };
}

/** The early worker, once: a later check (none in one program run) reads in this thread. */
function takeEarlyWorker(): EarlyWorker | undefined {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const early = holder[EARLY_WORKER];
  Reflect.deleteProperty(holder, EARLY_WORKER);
  if (typeof early !== "object" || early === null || !("worker" in early) || !(early.worker instanceof Worker)) return undefined;
  const gone = "gone" in early && early.gone === true;
  return gone ? undefined : { worker: early.worker, gone };
}

function ask(early: EarlyWorker, request: ClusterReadRequest): Promise<ClusterReadAnswer> {
  const { worker } = early;
  return new Promise<ClusterReadAnswer>((resolve, reject) => {
    // Unreferenced until now, so that a program that never asks can end with the worker idle.
    worker.ref();
    worker.once("message", (answer: ClusterReadAnswer) => {
      resolve(answer);
    });
    worker.once("error", reject);
    worker.once("exit", (code: number) => {
      reject(new Error(`the cluster read worker exited (${code})`));
    });
    worker.postMessage(request);
  });
}
