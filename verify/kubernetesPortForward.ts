import { createServer, type AddressInfo, type Server } from "node:net";
import type { KubernetesOutputs } from "../components/stackOutputs";
import { VerifyError } from "./verifyError";

export interface PortForwards {
  milvusAddress: string;
  jaegerQueryUrl: string;
  otlpEndpoint: string;
  close(): Promise<void>;
}

/**
 * Local listeners on 127.0.0.1 that carry each connection to a ready pod behind the stack's
 * Services, through the API server (what `kubectl port-forward svc/...` does), using the ambient
 * kubeconfig. Closing stops the listeners and every open forward.
 */
export async function forwardKubernetesPorts(outputs: KubernetesOutputs): Promise<PortForwards> {
  // ESM-only package: loaded on demand, and only for Kubernetes stacks.
  const k8s = await import("@kubernetes/client-node");
  const config = new k8s.KubeConfig();
  config.loadFromDefault();
  const forwarder = new k8s.PortForward(config, true);
  const servers: Server[] = [];

  const listen = async (service: string, port: number): Promise<number> => {
    const server = createServer((socket) => {
      forwarder.portForwardService(outputs.namespace, service, [port], socket, null, socket).catch((error: unknown) => {
        socket.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    return (server.address() as AddressInfo).port;
  };

  try {
    const [milvus, query, otlp] = await Promise.all([
      listen(outputs.milvusService, outputs.ports.milvusGrpc),
      listen(outputs.jaegerService, outputs.ports.jaegerQuery),
      listen(outputs.jaegerService, outputs.ports.otlpGrpc),
    ]);
    return {
      milvusAddress: `127.0.0.1:${milvus}`,
      jaegerQueryUrl: `http://127.0.0.1:${query}`,
      otlpEndpoint: `localhost:${otlp}`,
      close: () => closeAll(servers),
    };
  } catch (error) {
    await closeAll(servers);
    throw new VerifyError(
      `namespace ${outputs.namespace}`,
      `could not open port-forwards (${error instanceof Error ? error.message : String(error)})`,
      "Is the kubeconfig's current context the stack's cluster?",
    );
  }
}

function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => { resolve(); })))).then(() => undefined);
}
