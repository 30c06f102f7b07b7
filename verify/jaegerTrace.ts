/** The subset of Jaeger's query API JSON (`/api/traces...`) that verify reads. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  processID: string;
  /** Always sent by Jaeger; optional for spans made up in tests. */
  tags?: JaegerTag[];
}

export interface JaegerTag {
  key: string;
  type: string;
  value: unknown;
}

export interface JaegerResponse<T> {
  data: T | null;
  errors?: { code: number; msg: string }[] | null;
}

export function serviceOf(trace: JaegerTrace, span: JaegerSpan): string {
  return trace.processes[span.processID]?.serviceName ?? "";
}

/** A FOLLOWS_FROM reference names a span that caused this one but did not wait for it: not a parent. */
export function parentOf(span: JaegerSpan): string | undefined {
  return span.references.find((reference) => reference.refType === "CHILD_OF")?.spanID;
}

/**
 * Jaeger writes an OpenTelemetry span's ERROR status as the tags `error: true` and
 * `otel.status_code: ERROR`; an OpenTracing client sets `error` alone.
 */
export function isErrorSpan(span: JaegerSpan): boolean {
  return (span.tags ?? []).some(
    (tag) => (tag.key === "error" && (tag.value === true || tag.value === "true")) || (tag.key === "otel.status_code" && tag.value === "ERROR"),
  );
}
