import { setTimeout as sleep } from "node:timers/promises";
import { context, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { DataType, LoadState, MilvusClient } from "@zilliz/milvus2-sdk-node";
import type { Login } from "./login";
import { VerifyError } from "./verifyError";

export interface WorkloadCall {
  step: string;
  /** The gRPC method of MilvusService the step calls. */
  rpc: string;
  ms: number;
}

export interface WorkloadResult {
  traceId: string;
  calls: WorkloadCall[];
  totalMs: number;
}

const DIMENSION = 8;
const ROWS = 200;

interface Status {
  error_code?: string | number;
  code?: number;
  reason?: string;
}

/** The SDK reports most failures in a status object rather than by throwing. */
function sdkStatusOf(result: unknown): Status | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const status = "status" in result ? result.status : result;
  return typeof status === "object" && status !== null && ("error_code" in status || "code" in status) ? (status as Status) : undefined;
}

/** Throws when the SDK reports a failure in the answer's status rather than by throwing. */
export function assertSucceeded(step: string, result: unknown): void {
  const status = sdkStatusOf(result);
  const failed = status !== undefined && ((status.code !== undefined && status.code !== 0) || (status.error_code !== undefined && status.error_code !== "Success" && status.error_code !== 0));
  if (failed) throw new Error(`${step} failed: ${status.reason ?? JSON.stringify(status)}`);
}

/**
 * `maxCallsInFlight`: the SDK lends each call one of a pool of clients, 10 by default, and queues
 * the rest: an open-loop load at more than 10 / latency calls per second needs more.
 */
export function connectMilvus(address: string, timeoutSeconds: number, login?: Login, maxCallsInFlight?: number): MilvusClient {
  const client = new MilvusClient({
    address,
    ...login,
    timeout: Math.min(timeoutSeconds, 30) * 1000,
    maxRetries: 1,
    logLevel: "error",
    // The SDK's own heartbeat RPCs would interleave with the calls under test.
    telemetry: { enabled: false },
    ...(maxCallsInFlight === undefined ? {} : { pool: { max: maxCallsInFlight } }),
  });
  // The SDK connects (an RPC Milvus authenticates) when the client is made; a refused login
  // fails the first call, named by it, rather than as an unhandled rejection.
  client.connectPromise.catch(() => undefined);
  return client;
}

/**
 * The collection verify keeps between runs: loading a collection is most of a first run's time
 * (about 3 s on Milvus 2.3), and a kept one is still loaded the next time. Its 200 rows are
 * upserted under fixed ids, so it never grows.
 */
export const VERIFY_COLLECTION = "milvus_tracing_verify";

/**
 * The calls a person would make, under one root span: health, then (first run only) create,
 * index and load, then upsert, search and query. The collection is made with Strong consistency,
 * so that search and query see the rows just upserted: the SDK would drop a per-call Strong, whose
 * enum value 0 it reads as "not given".
 */
export async function runWorkload(client: MilvusClient, tracer: Tracer, address: string, timeoutSeconds: number): Promise<WorkloadResult> {
  const calls: WorkloadCall[] = [];
  const collection = VERIFY_COLLECTION;
  const started = performance.now();

  const call = async <T>(step: string, rpc: string, action: () => Promise<T>): Promise<T> => {
    const stepStarted = performance.now();
    let result: T;
    try {
      result = await action();
    } catch (error) {
      throw milvusFailure(address, step, error);
    }
    assertSucceeded(step, result);
    calls.push({ step, rpc, ms: performance.now() - stepStarted });
    return result;
  };

  return tracer.startActiveSpan("verify: traced Milvus workload", async (root) => {
    const traceId = root.spanContext().traceId;
    try {
      const health = await call("health check", "CheckHealth", () => client.checkHealth());
      if (!health.isHealthy) throw new VerifyError(address, `Milvus reports itself unhealthy: ${JSON.stringify(health.reasons)}`, "Wait for /healthz on port 9091 to answer OK.");
      // The SDK answers hasCollection with a DescribeCollection call, always sent (unlike describeCollection, which it caches).
      const kept = await call("has collection", "DescribeCollection", () => client.hasCollection({ collection_name: collection }));
      // valueOf: the SDK types the answer as the Boolean wrapper object, which is always truthy.
      if (!kept.value.valueOf()) {
        await call("create collection", "CreateCollection", () =>
          client.createCollection({
            collection_name: collection,
            consistency_level: "Strong",
            fields: [
              { name: "id", data_type: DataType.Int64, is_primary_key: true, autoID: false },
              { name: "vector", data_type: DataType.FloatVector, dim: DIMENSION },
            ],
          }),
        );
        await call("create index", "CreateIndex", () =>
          client.createIndex({ collection_name: collection, field_name: "vector", index_type: "FLAT", metric_type: "L2", params: {} }),
        );
      }
      const loadState = () => call("load state", "GetLoadState", () => client.getLoadState({ collection_name: collection }));
      if ((await loadState()).state !== LoadState.LoadStateLoaded) {
        await call("load", "LoadCollection", () => client.loadCollection({ collection_name: collection }));
        await waitUntilLoaded(collection, timeoutSeconds, loadState);
      }
      const rows = Array.from({ length: ROWS }, (_, id) => ({ id, vector: Array.from({ length: DIMENSION }, (_, d) => Math.sin(id + d)) }));
      await call("upsert", "Upsert", () => client.upsert({ collection_name: collection, data: rows }));
      const found = await call("search", "Search", () =>
        client.search({ collection_name: collection, data: [rows[7]?.vector ?? []], limit: 3, output_fields: ["id"] }),
      );
      if (found.results.length === 0) throw new Error(`search found nothing in ${collection}, where ${ROWS} rows were just upserted`);
      const queried = await call("query", "Query", () =>
        client.query({ collection_name: collection, filter: "id < 10", output_fields: ["id"] }),
      );
      if (queried.data.length !== 10) throw new Error(`query for id < 10 in ${collection} returned ${queried.data.length} rows, expected 10`);
      return { traceId, calls, totalMs: performance.now() - started };
    } catch (error) {
      root.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      root.end();
    }
  });
}

async function waitUntilLoaded(collection: string, timeoutSeconds: number, loadState: () => Promise<{ state: LoadState }>): Promise<void> {
  const deadline = performance.now() + timeoutSeconds * 1000;
  for (let delay = 50; performance.now() < deadline; delay = Math.min(delay * 2, 250)) {
    if ((await loadState()).state === LoadState.LoadStateLoaded) return;
    await sleep(delay);
  }
  throw new Error(`collection ${collection} was not loaded within ${timeoutSeconds} s`);
}

/**
 * Calls made with tracing suppressed: no client span and no traceparent, so Milvus's own sampler
 * (ParentBased(TraceIDRatioBased)) alone decides whether each one is recorded.
 */
export async function runUntracedCalls(client: MilvusClient, address: string, count: number): Promise<{ rpc: string; startMs: number; endMs: number }> {
  const startMs = Date.now();
  await context.with(suppressTracing(context.active()), async () => {
    for (let i = 0; i < count; i += 1) {
      try {
        assertSucceeded("untraced call", await client.showCollections());
      } catch (error) {
        throw milvusFailure(address, "untraced call", error);
      }
    }
  });
  // One SDK call, one RPC: hasCollection, for one, is a DescribeCollection underneath.
  return { rpc: "ShowCollections", startMs, endMs: Date.now() };
}

function milvusFailure(address: string, step: string, error: unknown): Error {
  if (error instanceof VerifyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|No connection established|timeout/i.test(message)) {
    return new VerifyError(address, `Milvus did not answer the ${step} call (${message})`, "Is Milvus running and healthy? Check http://<host>:9091/healthz; Milvus takes about 90 s to start.");
  }
  if (/UNAUTHENTICATED/.test(message)) {
    return new VerifyError(
      address,
      `Milvus refused the ${step} call's login (${message})`,
      "The stack turns Milvus authorization on once its gRPC port leaves the platform: verify reads root's password from the stack's credentials output, or from VERIFY_MILVUS_USER and VERIFY_MILVUS_PASSWORD.",
    );
  }
  return new Error(`${step} failed: ${message}`);
}

