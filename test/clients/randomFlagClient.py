"""The trap the Python recipe steps around, kept as a test: OpenTelemetry Python's default id
generator, which sets W3C Trace Context level 2's random flag (traceparent flags 03). One Milvus
call under a root span; prints the trace id and the flags."""

import os

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

provider = TracerProvider(resource=Resource.create({SERVICE_NAME: os.environ["OTEL_SERVICE_NAME"]}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(provider)
GrpcInstrumentorClient().instrument()

from pymilvus import MilvusClient  # noqa: E402

with trace.get_tracer("random-flag").start_as_current_span("random-flag") as span:
    context = span.get_span_context()
    print(format(context.trace_id, "032x"), format(context.trace_flags, "02x"), flush=True)
    client = MilvusClient(uri="http://" + os.environ["MILVUS_ADDRESS"])
    client.list_collections()
    client.close()
provider.shutdown()
