import { credentials, Metadata } from "@grpc/grpc-js";
import type { Tracer } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { basicAuthorization, type Login } from "./login";

export interface TelemetryOptions {
  serviceName: string;
  /** host:port of an OTLP gRPC receiver. */
  otlpEndpoint: string;
  secure: boolean;
  /** PEM CA to trust for TLS; undefined trusts the system roots. */
  caPem: string | undefined;
  /** Sent (over TLS only) to a receiver that asks for it: the stack's OTLP port outside the platform. */
  login?: Login | undefined;
}

export interface Telemetry {
  tracer: Tracer;
  /** Why exports failed, newest last: the evidence when spans never reach Jaeger. */
  exportFailures: string[];
  /** Spans ended, and spans the exporter got accepted or failed to send: what a benchmark counts as sent. */
  spans: SpanCounts;
  /** Sends every finished span now; never throws (tracing must not fail the caller). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface SpanCounts {
  ended: number;
  exported: number;
  failed: number;
}

/** Keeps the exporter's failures, which the batch processor would otherwise only log, and counts its spans. */
class FailureRecordingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly failures: string[],
    private readonly counts: SpanCounts,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.counts.exported += spans.length;
      } else {
        this.counts.failed += spans.length;
        this.failures.push(result.error?.message ?? "export failed");
      }
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** Counts the spans that end, before the batch processor queues (or, when full, drops) them. */
class EndCounter implements SpanProcessor {
  constructor(private readonly counts: SpanCounts) {}
  onStart(): void {}
  onEnd(): void {
    this.counts.ended += 1;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const exportFailures: string[] = [];
  const spans: SpanCounts = { ended: 0, exported: 0, failed: 0 };
  const channel = options.secure
    ? credentials.createSsl(options.caPem === undefined ? null : Buffer.from(options.caPem))
    : credentials.createInsecure();
  const metadata = new Metadata();
  if (options.secure && options.login) metadata.set("authorization", basicAuthorization(options.login));
  const exporter = new OTLPTraceExporter({
    url: `${options.secure ? "https" : "http"}://${options.otlpEndpoint}`,
    credentials: channel,
    metadata,
    timeoutMillis: 5000,
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [new EndCounter(spans), new BatchSpanProcessor(new FailureRecordingExporter(exporter, exportFailures, spans), { scheduledDelayMillis: 500 })],
  });
  provider.register();

  const quietly = async (action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      exportFailures.push(error instanceof Error ? error.message : String(error));
    }
  };
  return {
    tracer: provider.getTracer("milvus-tracing-verify"),
    exportFailures,
    spans,
    flush: () => quietly(() => provider.forceFlush()),
    shutdown: () => quietly(() => provider.shutdown()),
  };
}
