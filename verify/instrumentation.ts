import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { GrpcInstrumentation } from "@opentelemetry/instrumentation-grpc";

/**
 * Imported before anything loads @grpc/grpc-js (the OTLP exporter and the Milvus SDK both do), so
 * the instrumentation patches it on first load: every Milvus RPC becomes a client span and carries
 * a W3C traceparent. Spans go to whichever tracer provider is registered later.
 */
registerInstrumentations({
  instrumentations: [
    new GrpcInstrumentation({
      // The exporter's own RPCs must not become spans that are then exported again.
      ignoreGrpcMethods: [/^Export$/],
    }),
  ],
});
