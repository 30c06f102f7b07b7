import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { GrpcInstrumentation } from "@opentelemetry/instrumentation-grpc";

// Imported first, before anything loads @grpc/grpc-js (the OTLP exporter and the Milvus SDK
// both do): the instrumentation patches it as it loads. Every Milvus RPC becomes a client span
// that carries a W3C traceparent; the exporter's own Export calls are left out.
registerInstrumentations({ instrumentations: [new GrpcInstrumentation({ ignoreGrpcMethods: [/^Export$/] })] });
