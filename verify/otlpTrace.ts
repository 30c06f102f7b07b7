import type { JaegerSpan, JaegerTag, JaegerTrace } from "./jaegerTrace";

/**
 * A trace in OTLP JSON, as backends answer a query by trace id, turned into the Jaeger model that
 * verify's checks read. The envelopes verify knows:
 *   Tempo `/api/traces/ID`          {"batches": [ResourceSpans...]}
 *   Tempo `/api/v2/traces/ID`       {"trace": {"resourceSpans": [...]}, "status": ...}
 *   Jaeger v2 `/api/v3/traces/ID`   {"result": {"resourceSpans": [...]}}
 *   a bare TracesData               {"resourceSpans": [...]}
 * Ids come as hex (the OTLP JSON spec, and Jaeger's api_v3) or as base64 (protobuf's JSON mapping
 * of `bytes`, which gogo's jsonpb writes for Tempo's own messages); timestamps as nanoseconds in a
 * string (int64 in protobuf JSON) or, from some writers, a number.
 */
export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] | null } | null;
  scopeSpans?: { spans?: OtlpSpan[] | null }[] | null;
  /** The name before OTLP 0.15 (and in Tempo answers written from old data). */
  instrumentationLibrarySpans?: { spans?: OtlpSpan[] | null }[] | null;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[] | null;
  status?: { code?: number | string; message?: string } | null;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | null;
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
}

/** The ResourceSpans of any envelope above; undefined when the body is none of them. */
export function resourceSpansOf(body: unknown): OtlpResourceSpans[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const candidates = [record.batches, record.resourceSpans, innerResourceSpans(record.trace), innerResourceSpans(record.result)];
  const found = candidates.find((candidate) => Array.isArray(candidate));
  if (found !== undefined) return found as OtlpResourceSpans[];
  // An empty trace serialises with its list left out: {"result": {}}.
  return [record.trace, record.result].some((inner) => typeof inner === "object" && inner !== null) ? [] : undefined;
}

function innerResourceSpans(inner: unknown): unknown {
  return typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>).resourceSpans : undefined;
}

const HEX_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i;

/**
 * An id as lower-case hex, as Jaeger's JSON writes it. 16 or 32 hex digits are hex; anything else
 * is base64, whose 8- and 16-byte ids are 12 and 24 characters long, so the two never collide.
 * An all-zero or empty id means none (a root span's parent).
 */
export function otlpId(text: string | undefined): string | undefined {
  if (text === undefined || text === "") return undefined;
  const hex = HEX_ID.test(text) ? text.toLowerCase() : Buffer.from(text, "base64").toString("hex");
  return hex === "" || /^0+$/.test(hex) ? undefined : hex;
}

function nanosOf(nanos: string | number | undefined): bigint {
  if (nanos === undefined || nanos === "") return 0n;
  return BigInt(typeof nanos === "number" ? Math.round(nanos) : nanos);
}

/** Nanoseconds since the epoch (a string, to keep int64 whole) in microseconds, as Jaeger counts. */
export function nanosToMicros(nanos: string | number | undefined): number {
  return Number(nanosOf(nanos) / 1000n);
}

/** As Jaeger's JSON has it: the difference in nanoseconds, then truncated, not the difference of truncated ends. */
export function durationMicros(start: string | number | undefined, end: string | number | undefined): number {
  const nanos = nanosOf(end) - nanosOf(start);
  return nanos > 0n ? Number(nanos / 1000n) : 0;
}

/** OTLP's SpanKind as a number (protobuf JSON may also write the enum's name), in Jaeger's words. */
const SPAN_KINDS: Record<string, string> = { "1": "internal", "2": "server", "3": "client", "4": "producer", "5": "consumer" };

function spanKindOf(kind: number | string | undefined): string | undefined {
  if (kind === undefined) return undefined;
  const text = String(kind);
  return SPAN_KINDS[text] ?? (text.startsWith("SPAN_KIND_") && text !== "SPAN_KIND_UNSPECIFIED" ? text.slice("SPAN_KIND_".length).toLowerCase() : undefined);
}

/** STATUS_CODE_ERROR is 2 as a number. */
function isErrorStatus(code: number | string | undefined): boolean {
  return code === 2 || code === "2" || code === "STATUS_CODE_ERROR";
}

function tagOf({ key, value }: OtlpKeyValue): JaegerTag {
  if (value?.boolValue !== undefined) return { key, type: "bool", value: value.boolValue };
  if (value?.intValue !== undefined) return { key, type: "int64", value: Number(value.intValue) };
  if (value?.doubleValue !== undefined) return { key, type: "float64", value: value.doubleValue };
  return { key, type: "string", value: value?.stringValue ?? "" };
}

/**
 * The trace in Jaeger's model: one process per resource (its service.name), each span's parent as
 * a CHILD_OF reference, an ERROR status as the tags Jaeger itself writes for it (`error: true`,
 * `otel.status_code: ERROR`). undefined when the body holds no span.
 */
export function otlpJsonToJaegerTrace(body: unknown): JaegerTrace | undefined {
  const resources = resourceSpansOf(body);
  if (resources === undefined) throw new Error("the answer is not OTLP JSON: expected batches, resourceSpans, trace.resourceSpans or result.resourceSpans");
  const processes: JaegerTrace["processes"] = {};
  const spans: JaegerSpan[] = [];
  resources.forEach((resource, index) => {
    const processID = `p${index + 1}`;
    const service = (resource.resource?.attributes ?? []).find((attribute) => attribute.key === "service.name")?.value?.stringValue ?? "";
    processes[processID] = { serviceName: service };
    for (const scope of [...(resource.scopeSpans ?? []), ...(resource.instrumentationLibrarySpans ?? [])]) {
      for (const span of scope.spans ?? []) spans.push(jaegerSpanOf(span, processID));
    }
  });
  const traceID = spans[0]?.traceID;
  return traceID === undefined ? undefined : { traceID, spans, processes };
}

function jaegerSpanOf(span: OtlpSpan, processID: string): JaegerSpan {
  const traceID = otlpId(span.traceId) ?? "";
  const parent = otlpId(span.parentSpanId);
  const startMicros = nanosToMicros(span.startTimeUnixNano);
  const kind = spanKindOf(span.kind);
  const tags = [
    ...(span.attributes ?? []).map(tagOf),
    ...(kind ? [{ key: "span.kind", type: "string", value: kind }] : []),
    ...(isErrorStatus(span.status?.code)
      ? [
          { key: "error", type: "bool", value: true },
          { key: "otel.status_code", type: "string", value: "ERROR" },
        ]
      : []),
  ];
  return {
    traceID,
    spanID: otlpId(span.spanId) ?? "",
    operationName: span.name ?? "",
    references: parent === undefined ? [] : [{ refType: "CHILD_OF", traceID, spanID: parent }],
    startTime: startMicros,
    duration: durationMicros(span.startTimeUnixNano, span.endTimeUnixNano),
    processID,
    tags,
  };
}
