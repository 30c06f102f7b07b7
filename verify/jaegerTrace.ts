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
