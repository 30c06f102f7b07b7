/**
 * A Milvus client traced with OpenTelemetry JS. Where to go, from the stack's outputs:
 *
 *   MILVUS_ADDRESS                  milvusAddress (default 127.0.0.1:19530)
 *   MILVUS_TOKEN                    user:password from the credentials output, when Milvus asks for a login
 *   OTEL_EXPORTER_OTLP_ENDPOINT     http://<otlpEndpoint>, or https://<otlpEndpoint> when secure
 *   OTEL_EXPORTER_OTLP_CERTIFICATE  a file holding caCertificate, when secure
 *
 * The OTLP exporter reads the two OTEL_* variables itself. Prints the trace id on stdout.
 */
import "./instrumentation";
import { trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { DataType, MilvusClient } from "@zilliz/milvus2-sdk-node";

const COLLECTION = "tracing_demo_node";
const DIMENSION = 8;
const ROWS = 100;

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? "milvus-client-node" }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
provider.register();

async function tutorial(client: MilvusClient): Promise<void> {
  if ((await client.hasCollection({ collection_name: COLLECTION })).value.valueOf()) {
    await client.dropCollection({ collection_name: COLLECTION });
  }
  // Strong at the collection: the SDK drops a per-call Strong (enum 0 reads as "not given").
  await client.createCollection({
    collection_name: COLLECTION,
    consistency_level: "Strong",
    fields: [
      { name: "id", data_type: DataType.Int64, is_primary_key: true, autoID: false },
      { name: "vector", data_type: DataType.FloatVector, dim: DIMENSION },
    ],
  });
  const rows = Array.from({ length: ROWS }, (_, id) => ({ id, vector: Array.from({ length: DIMENSION }, () => Math.random()) }));
  await client.insert({ collection_name: COLLECTION, data: rows });
  await client.createIndex({ collection_name: COLLECTION, field_name: "vector", index_type: "FLAT", metric_type: "L2" });
  await client.loadCollectionSync({ collection_name: COLLECTION });
  const found = await client.search({ collection_name: COLLECTION, data: [rows[0]?.vector ?? []], limit: 3 });
  process.stderr.write(`search: ${found.results.length} hits, nearest id ${String(found.results[0]?.id)}\n`);
}

async function main(): Promise<void> {
  // Outside the root span: the SDK's own background calls must not join the tutorial's trace.
  const client = new MilvusClient({
    address: process.env.MILVUS_ADDRESS ?? "127.0.0.1:19530",
    // "user:password"; the SDK sends it as the authorization header of every call.
    token: process.env.MILVUS_TOKEN,
    telemetry: { enabled: false },
  });
  try {
    await trace.getTracer("milvus-client-node").startActiveSpan("tutorial", async (span) => {
      console.log(span.spanContext().traceId);
      try {
        await tutorial(client);
      } finally {
        span.end();
      }
    });
  } finally {
    await client.closeConnection();
    // Sends the batch still held: without it the last spans die with the process.
    await provider.shutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
