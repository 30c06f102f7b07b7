import { DataType, MilvusClient } from "@zilliz/milvus2-sdk-node";
import { forwardKubernetesPorts, type KubernetesOutputsJson } from "../../verify/kubernetesPortForward";

/**
 * A Milvus client through a port-forward made the way verify makes it, from the stack's outputs.
 * Right after a restart on existing data Milvus 2.3 is healthy before its old sessions expire, so
 * calls may wait up to two minutes.
 */
export async function withMilvus<T>(kubernetes: KubernetesOutputsJson, use: (client: MilvusClient) => Promise<T>): Promise<T> {
  const milvusOnly = { ...kubernetes, portForwards: { milvusAddress: kubernetes.portForwards.milvusAddress } };
  const forwards = await forwardKubernetesPorts(milvusOnly, 60);
  const address = forwards.addresses.milvusAddress;
  if (address === undefined) throw new Error("the stack's Milvus is not behind a port-forward");
  const client = new MilvusClient({ address, telemetry: { enabled: false }, logLevel: "error", timeout: 120_000 });
  try {
    return await use(client);
  } finally {
    await client.closeConnection().catch(() => undefined);
    await forwards.close();
  }
}

export async function insertRows(client: MilvusClient, collection: string, count: number): Promise<void> {
  await client.createCollection({
    collection_name: collection,
    fields: [
      { name: "id", data_type: DataType.Int64, is_primary_key: true },
      { name: "v", data_type: DataType.FloatVector, dim: 4 },
    ],
  });
  await client.insert({ collection_name: collection, data: Array.from({ length: count }, (_, id) => ({ id, v: [id, 1, 2, 3] })) });
  await client.flush({ collection_names: [collection] });
}

export async function countRows(client: MilvusClient, collection: string): Promise<number> {
  // The same index again is accepted: a collection found after a restart may have it already.
  await client.createIndex({ collection_name: collection, field_name: "v", index_type: "FLAT", metric_type: "L2", params: {} });
  await client.loadCollectionSync({ collection_name: collection });
  const rows = await client.query({ collection_name: collection, filter: "id >= 0", output_fields: ["id"], limit: 10_000 });
  return rows.data.length;
}

/** How many spans the stack's Jaeger returns for a trace, through a port-forward; 0 when it has none. */
export async function spansInJaeger(kubernetes: KubernetesOutputsJson, traceId: string): Promise<number> {
  const queryOnly = { ...kubernetes, portForwards: { jaegerQueryUrl: kubernetes.portForwards.jaegerQueryUrl } };
  const forwards = await forwardKubernetesPorts(queryOnly, 60);
  try {
    const response = await fetch(`http://${forwards.addresses.jaegerQueryUrl ?? ""}/api/traces/${traceId}`, { signal: AbortSignal.timeout(30_000) });
    if (response.status === 404) return 0;
    const body = (await response.json()) as { data?: { spans: unknown[] }[] };
    return body.data?.[0]?.spans.length ?? 0;
  } finally {
    await forwards.close();
  }
}
