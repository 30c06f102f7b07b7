import { MilvusClient } from "@zilliz/milvus2-sdk-node";
import type { ForwardedOutput } from "../../components/stackOutputs";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { forwardKubernetesPorts, type KubernetesOutputsJson } from "../../verify/kubernetesPortForward";

/** One of the stack's addresses through a port-forward made the way verify makes it, for as long as `use` runs. */
async function withForward<T>(kubernetes: KubernetesOutputsJson, output: ForwardedOutput, use: (address: string) => Promise<T>): Promise<T> {
  const forwards = await forwardKubernetesPorts({ ...kubernetes, portForwards: { [output]: kubernetes.portForwards[output] } }, 60);
  try {
    const address = forwards.addresses[output];
    if (address === undefined) throw new Error(`the stack's ${output} is not behind a port-forward`);
    return await use(address);
  } finally {
    await forwards.close();
  }
}

/**
 * A Milvus client through a port-forward. Right after a restart on existing data Milvus 2.3 is
 * healthy before its old sessions expire, so calls may wait up to two minutes.
 */
export function withMilvus<T>(kubernetes: KubernetesOutputsJson, use: (client: MilvusClient) => Promise<T>): Promise<T> {
  return withForward(kubernetes, "milvusAddress", async (address) => {
    const client = new MilvusClient({ address, telemetry: { enabled: false }, logLevel: "error", timeout: 120_000 });
    try {
      return await use(client);
    } finally {
      await client.closeConnection().catch(() => undefined);
    }
  });
}

/** How many spans the stack's Jaeger returns for a trace, through a port-forward; 0 when it has none. */
export function spansInJaeger(kubernetes: KubernetesOutputsJson, traceId: string): Promise<number> {
  return withForward(kubernetes, "jaegerQueryUrl", async (address) => {
    const trace = await new JaegerQuery(`http://${address}`, 30_000).trace(traceId);
    return trace?.spans.length ?? 0;
  });
}
