import { setTimeout as sleep } from "node:timers/promises";
import { DataType, type MilvusClient } from "@zilliz/milvus2-sdk-node";

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

const loadWindowMs = 180_000;
const loadRetryPauseMs = 5_000;

/**
 * Loads a collection found after a restart. Milvus 2.3 reports healthy before the replaced
 * process's sessions expire, and a load placed on the dead query node fails with "unrecoverable
 * error" (seen in CI); once the old session is gone the same load succeeds. So a failed load is
 * tried again, for a bounded window, and the last error is what the test sees.
 */
async function loadAfterRestart(client: MilvusClient, collection: string): Promise<void> {
  const deadline = Date.now() + loadWindowMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.loadCollectionSync({ collection_name: collection });
      return;
    } catch (error) {
      if (Date.now() + loadRetryPauseMs > deadline) throw error;
      console.error(`load of ${collection} failed (attempt ${attempt}): ${(error as Error).message}; trying again`);
      await sleep(loadRetryPauseMs);
    }
  }
}

export async function countRows(client: MilvusClient, collection: string): Promise<number> {
  // The same index again is accepted: a collection found after a restart may have it already.
  await client.createIndex({ collection_name: collection, field_name: "v", index_type: "FLAT", metric_type: "L2", params: {} });
  await loadAfterRestart(client, collection);
  const rows = await client.query({ collection_name: collection, filter: "id >= 0", output_fields: ["id"], limit: 10_000 });
  return rows.data.length;
}
