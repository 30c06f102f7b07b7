"""A Milvus client traced with OpenTelemetry Python.

GrpcInstrumentorClient turns every Milvus RPC into a client span that carries a W3C traceparent,
so Milvus's own spans join the same trace. Where to go, from the stack's outputs:

  MILVUS_ADDRESS                  milvusAddress (default 127.0.0.1:19530)
  MILVUS_TOKEN                    user:password from the credentials output, when Milvus asks for a login
  OTEL_EXPORTER_OTLP_ENDPOINT     http://<otlpEndpoint>, or https://<otlpEndpoint> when secure
  OTEL_EXPORTER_OTLP_CERTIFICATE  a file holding caCertificate, when secure

The OTLP exporter reads the two OTEL_* variables itself. Prints the trace id on stdout.
"""

import os
import random
import sys

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator

COLLECTION = "tracing_demo_python"
DIMENSION = 8
ROWS = 100



class MilvusCompatibleIdGenerator(RandomIdGenerator):
    """Random ids, without W3C Trace Context level 2's random-trace-id flag.

    OpenTelemetry Python (1.42+) sends `traceparent` flags 03 (sampled + random). otel-go 1.34 and
    older, which Milvus 2.3 and 2.6 are built with, refuses version-00 flags above 02, so Milvus
    would start traces of its own instead of joining this one. Without the flag: 01.
    """

    def is_trace_id_random(self) -> bool:
        return False


provider = TracerProvider(
    resource=Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", "milvus-client-python")}),
    id_generator=MilvusCompatibleIdGenerator(),
)
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(provider)
# Before pymilvus opens its channel: only channels made afterwards are instrumented.
GrpcInstrumentorClient().instrument()

from pymilvus import DataType, MilvusClient  # noqa: E402


def tutorial(client: MilvusClient) -> None:
    if client.has_collection(COLLECTION):
        client.drop_collection(COLLECTION)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=DIMENSION)
    index = MilvusClient.prepare_index_params()
    index.add_index("vector", index_type="FLAT", metric_type="L2")
    # With index parameters pymilvus also creates the index and loads the collection.
    client.create_collection(COLLECTION, schema=schema, index_params=index)

    rows = [{"id": i, "vector": [random.random() for _ in range(DIMENSION)]} for i in range(ROWS)]
    client.insert(COLLECTION, rows)
    hits = client.search(COLLECTION, data=[rows[0]["vector"]], limit=3, consistency_level="Strong")[0]
    print(f"search: {len(hits)} hits, nearest id {hits[0]['id']}", file=sys.stderr)


def main() -> None:
    with trace.get_tracer("milvus-client-python").start_as_current_span("tutorial") as span:
        print(format(span.get_span_context().trace_id, "032x"), flush=True)
        client = MilvusClient(
            uri="http://" + os.environ.get("MILVUS_ADDRESS", "127.0.0.1:19530"),
            # "user:password"; pymilvus sends it as the authorization header of every call.
            token=os.environ.get("MILVUS_TOKEN", ""),
        )
        try:
            tutorial(client)
        finally:
            client.close()
    # Sends the batch still held: without it the last spans die with the process.
    provider.shutdown()


if __name__ == "__main__":
    main()
