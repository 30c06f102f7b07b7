import { createServer, type AddressInfo, type Socket } from "node:net";
import { PassThrough } from "node:stream";
import type { PortForward } from "@kubernetes/client-node";
import { loadKubeConfig } from "../components/platforms/kubernetes/kubeConfig";
import type { ForwardedOutput, StackOutputsJson } from "../components/stackOutputs";
import { VerifyError } from "./verifyError";

export type KubernetesOutputsJson = NonNullable<StackOutputsJson["kubernetes"]>;

export interface PortForwards {
  /** 127.0.0.1:PORT for each output that stays inside the cluster. */
  addresses: Partial<Record<ForwardedOutput, string>>;
  close(): Promise<void>;
}

/**
 * Local listeners on 127.0.0.1 that carry each connection to a ready pod behind the stack's
 * Services through the API server (what `kubectl port-forward svc/...` does), with the stack's own
 * kubeconfig and context. Every forward is opened once before this returns, so a cluster that
 * cannot forward fails here with its cause, within `timeoutSeconds`, rather than as a client hang.
 */
export async function forwardKubernetesPorts(outputs: KubernetesOutputsJson, timeoutSeconds: number): Promise<PortForwards> {
  const config = await loadKubeConfig({ kubeconfig: outputs.kubeconfig, context: outputs.context }).catch((error: unknown) => {
    throw new VerifyError(`kubeconfig ${outputs.kubeconfig ?? "(ambient)"}`, `could not load it (${messageOf(error)})`, "Set the stack's kubeconfig / kubeContext to the cluster it was deployed to.");
  });
  const { CoreV1Api, PortForward } = await import("@kubernetes/client-node");
  const forwarder = new PortForward(config, true);
  const core = config.makeApiClient(CoreV1Api);
  const server = config.getCurrentCluster()?.server ?? "the API server";
  const listeners: LoopbackListener[] = [];
  const bounded = <T>(what: string, promise: Promise<T>): Promise<T> => withTimeout(promise, timeoutSeconds, `${what}: no answer within ${timeoutSeconds} s`);

  try {
    const addresses: PortForwards["addresses"] = {};
    for (const [output, target] of Object.entries(outputs.portForwards) as [ForwardedOutput, { service: string; port: number }][]) {
      const where = `service ${outputs.namespace}/${target.service} port ${target.port}`;
      const pod = await bounded(where, readyPodBehind(core, outputs.namespace, target.service)).catch((error: unknown) => {
        throw new VerifyError(`${server} (${where})`, messageOf(error), "Is the stack deployed to this cluster, and its pods Ready? kubectl get pods -n " + outputs.namespace);
      });
      await bounded(where, probeForward(forwarder, outputs.namespace, pod, target.port)).catch((error: unknown) => {
        throw new VerifyError(`${server} (${where}, pod ${pod})`, `port-forward failed: ${messageOf(error)}`, "The API server must reach the kubelet (kubelet client certificates, webhook authn/authz) and you need pods/portforward.");
      });
      const listener = await listenOnLoopback(forwarder, outputs.namespace, pod, target.port);
      listeners.push(listener);
      addresses[output] = `127.0.0.1:${listener.port}`;
    }
    return { addresses, close: () => closeAll(listeners) };
  } catch (error) {
    await closeAll(listeners);
    throw error;
  }
}

type CoreApi = InstanceType<(typeof import("@kubernetes/client-node"))["CoreV1Api"]>;

async function readyPodBehind(core: CoreApi, namespace: string, serviceName: string): Promise<string> {
  const service = await core.readNamespacedService({ name: serviceName, namespace });
  const selector = Object.entries(service.spec?.selector ?? {}).map(([key, value]) => `${key}=${value}`).join(",");
  if (selector === "") throw new Error(`service ${serviceName} selects no pods`);
  const pods = await core.listNamespacedPod({ namespace, labelSelector: selector });
  const ready = pods.items.find((pod) => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") && !pod.metadata?.deletionTimestamp);
  const name = ready?.metadata?.name;
  if (name === undefined) throw new Error(`no Ready pod behind service ${serviceName} (${pods.items.length} pod(s) match ${selector})`);
  return name;
}

/** Opens and closes one forward: the API server, the kubelet and the pod's port all answer. */
async function probeForward(forwarder: PortForward, namespace: string, pod: string, port: number): Promise<void> {
  closeWebSocket(await forwarder.portForward(namespace, pod, [port], new PassThrough(), null, new PassThrough()));
}

/** The package's WebSocket type does not resolve here: close it through what it surely has. */
function closeWebSocket(opened: unknown): void {
  if (typeof opened === "object" && opened !== null && "close" in opened) (opened as { close(): void }).close();
}

interface LoopbackListener {
  port: number;
  /** Stops listening and ends the connections still open: closing waits for them otherwise. */
  close(): Promise<void>;
}

/** Exported for its test. */
export async function listenOnLoopback(forwarder: Pick<PortForward, "portForward">, namespace: string, pod: string, port: number): Promise<LoopbackListener> {
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    // A client that hung up while the pod's answer was still coming: the forward's next write to
    // the socket fails (EPIPE, after the client's FIN). That ends this connection, not the process,
    // which an 'error' event without a listener would (seen in an e2e run, verify's calls done).
    socket.on("error", () => { socket.destroy(); });
    forwarder.portForward(namespace, pod, [port], socket, null, socket).then(
      // The API server's end of a forward lives as long as the local connection, no longer.
      (webSocket) => {
        if (socket.destroyed) closeWebSocket(webSocket);
        else socket.once("close", () => { closeWebSocket(webSocket); });
      },
      (error: unknown) => {
        socket.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
    socket.once("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => { resolve(); });
        for (const socket of open) socket.destroy();
      }),
  };
}

function withTimeout<T>(promise: Promise<T>, seconds: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { reject(new Error(message)); }, seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => { clearTimeout(timer); });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function closeAll(listeners: LoopbackListener[]): Promise<void> {
  return Promise.all(listeners.map((listener) => listener.close())).then(() => undefined);
}
