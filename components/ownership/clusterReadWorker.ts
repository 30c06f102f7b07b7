import { parentPort } from "node:worker_threads";
import { messageOf, readCluster, type ClusterRead, type ClusterReadRequest } from "./clusterRead";

/** What the worker posts back for a request: the read, or the error readCluster threw. */
export type ClusterReadAnswer = { ok: true; read: ClusterRead } | { ok: false; message: string };

/**
 * The worker thread's side (started by earlyClusterRead.cjs): @kubernetes/client-node starts
 * loading at once, while the program's thread loads the runtime and the program; each request
 * posted is answered with readCluster's result once it has.
 */
export function serveClusterReads(): void {
  const port = parentPort;
  if (port === null) throw new Error("serveClusterReads runs in a worker thread");
  const loaded = import("@kubernetes/client-node").catch(() => undefined);
  port.on("message", (request: ClusterReadRequest) => {
    void loaded
      .then(() => readCluster(request))
      .then(
        (read): ClusterReadAnswer => ({ ok: true, read }),
        (error: unknown): ClusterReadAnswer => ({ ok: false, message: messageOf(error) }),
      )
      .then((answer) => {
        port.postMessage(answer);
      });
  });
}
