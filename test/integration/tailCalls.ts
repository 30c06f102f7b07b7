// Must stay the first import: it patches @grpc/grpc-js before the Milvus SDK loads it.
import "../../verify/instrumentation";
import { SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { startTelemetry } from "../../verify/telemetry";

/**
 * Real Milvus calls for the tail-sampling scenario, each under a root span of its own (one trace
 * each), from a client whose service name no policy keeps: only a trace's duration or its error
 * can keep it. Prints one JSON line: the trace ids by kind, and each call's duration on the client.
 *
 *   node --import tsx tailCalls.ts MILVUS_ADDRESS OTLP_ENDPOINT COLLECTION
 */
export interface TailCall {
  traceId: string;
  ms: number;
  /** What the SDK threw or reported; undefined when the call succeeded. */
  failure: string | undefined;
}
export type TailCalls = Record<"strongSearch" | "tinyDeadline" | "deadlineInFlight" | "missingCollection" | "fast", TailCall[]>;

export const TAIL_CLIENT_SERVICE = "tail-sampling-client";
const REPEAT = 5;

async function main(): Promise<void> {
  const [address, otlp, collection] = process.argv.slice(2);
  if (address === undefined || otlp === undefined || collection === undefined) throw new Error("usage: tailCalls.ts MILVUS OTLP COLLECTION");
  const telemetry = startTelemetry({ serviceName: TAIL_CLIENT_SERVICE, otlpEndpoint: otlp, secure: false, caPem: undefined });
  const { MilvusClient } = await import("@zilliz/milvus2-sdk-node");
  const client = new MilvusClient({ address, timeout: 30_000, maxRetries: 0, logLevel: "error", telemetry: { enabled: false } });
  const vector = Array.from({ length: 8 }, (_, d) => Math.sin(7 + d));
  const search = (name: string, timeout?: number) => () => client.search({ collection_name: name, data: [vector], limit: 3, ...(timeout === undefined ? {} : { timeout }) });
  const calls: TailCalls = {
    // The collection has Strong consistency: each search waits for a time tick later than itself.
    strongSearch: await repeat(telemetry.tracer, "strong search", search(collection)),
    // The client gives up before sending: its own gRPC span ends DEADLINE_EXCEEDED.
    tinyDeadline: await repeat(telemetry.tracer, "search, 1 ms deadline", search(collection, 1)),
    // The client gives up while Milvus waits for the time tick: what does Milvus's span say?
    deadlineInFlight: await repeat(telemetry.tracer, "search, 50 ms deadline", search(collection, 50)),
    // Milvus answers with an error inside an OK gRPC response (CollectionNotExists).
    missingCollection: await repeat(telemetry.tracer, "describe a missing collection", () => client.describeCollection({ collection_name: "milvus_tracing_no_such_collection" })),
    fast: await repeat(telemetry.tracer, "show collections", () => client.showCollections()),
  };
  await client.closeConnection();
  await telemetry.shutdown();
  if (telemetry.exportFailures.length > 0) throw new Error(`span export failed: ${telemetry.exportFailures.join("; ")}`);
  process.stdout.write(`${JSON.stringify(calls)}\n`);
}

/**
 * Each call under its root span. A failure reported in the answer's status is marked on the root
 * span, as an application that checks Milvus's status would; a thrown one too.
 */
async function repeat(tracer: Tracer, name: string, call: () => Promise<unknown>): Promise<TailCall[]> {
  const made: TailCall[] = [];
  for (let i = 0; i < REPEAT; i += 1) {
    made.push(
      await tracer.startActiveSpan(name, async (root) => {
        const started = performance.now();
        let failure: string | undefined;
        try {
          failure = statusFailure(await call());
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        if (failure !== undefined) root.setStatus({ code: SpanStatusCode.ERROR, message: failure });
        root.end();
        return { traceId: root.spanContext().traceId, ms: performance.now() - started, failure };
      }),
    );
  }
  return made;
}

function statusFailure(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null || !("status" in result)) return undefined;
  const status = result.status as { error_code?: string | number; code?: number; reason?: string };
  const failed = (status.code !== undefined && status.code !== 0) || (status.error_code !== undefined && status.error_code !== "Success" && status.error_code !== 0);
  return failed ? (status.reason ?? JSON.stringify(status)) : undefined;
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
