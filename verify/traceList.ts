import { isErrorSpan, serviceOf, type JaegerSpan, type JaegerTrace } from "./jaegerTrace";
import { formatMicros, slowestServerStep, traceWaterfall } from "./waterfall";

/** What `--find` asks Jaeger's query API for. */
export interface TraceSearch {
  /** A trace must have a span of this service... */
  service: string;
  /** ...of this operation, when given... */
  operation: string | undefined;
  /** ...lasting at least this long, when given. */
  minDurationUs: number | undefined;
  /** The window, in microseconds since the epoch, and how far back it reaches as given ("1h"). */
  startUs: number;
  endUs: number;
  since: string;
  limit: number;
}

/**
 * How many traces --find asks Jaeger for. Jaeger answers with the newest matches (memory and
 * Badger storage alike), so ranking only `limit` of them would list the slowest of the newest;
 * a deeper search ranks more of the window and says when even that was not all of it.
 */
export function searchDepth(limit: number): number {
  return Math.max(100, limit * 5);
}

/** One listed trace; durations in microseconds. */
export interface FoundTrace {
  traceId: string;
  /** When its earliest root span started: ISO 8601 (UTC), and microseconds since the epoch. */
  start: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  root: { service: string; operation: string };
  /** The server step `--show`'s waterfall marks `*`: the most time of its own. */
  slowestServerStep: { service: string; operation: string; selfUs: number } | undefined;
  /** Spans with an error status; error is whether there is any. */
  errorSpans: number;
  error: boolean;
}

/** What `--find --json` prints. */
export interface TraceList {
  jaegerQuery: string;
  search: {
    service: string;
    operation: string | undefined;
    minDurationUs: number | undefined;
    since: string;
    start: string;
    end: string;
    limit: number;
    searchDepth: number;
  };
  /** Traces Jaeger answered with; fewer than searchDepth means every match of the window. */
  returned: number;
  complete: boolean;
  /** When the oldest of them started (ISO 8601): how far back an incomplete answer reaches. */
  oldestReturned: string | undefined;
  /** Of those, the ones with a span that meets every filter (see hasMatchingSpan). */
  matched: number;
  /** Slowest first, at most `limit`. */
  traces: FoundTrace[];
}

/**
 * Whether a span of the trace meets the whole search. Jaeger's Badger storage applies
 * minDuration to any span of a trace, not only to the service's (its memory storage does the
 * latter), so the same search answers alike on both once this has filtered.
 */
export function hasMatchingSpan(trace: JaegerTrace, search: Pick<TraceSearch, "service" | "operation" | "minDurationUs">): boolean {
  return trace.spans.some(
    (span) =>
      serviceOf(trace, span) === search.service &&
      (search.operation === undefined || span.operationName === search.operation) &&
      (search.minDurationUs === undefined || span.duration >= search.minDurationUs),
  );
}

/** One trace as --find lists it; `serverServices` are Milvus's, server steps wherever they are. */
export function foundTrace(trace: JaegerTrace, serverServices: readonly string[]): FoundTrace {
  const waterfall = traceWaterfall(trace, serverServices);
  const earliest = (spans: readonly JaegerSpan[]): JaegerSpan | undefined => [...spans].sort((a, b) => a.startTime - b.startTime)[0];
  const rootSpan = waterfall.roots[0];
  const fallback = earliest(trace.spans);
  const root = rootSpan
    ? { service: rootSpan.service, operation: rootSpan.operation }
    : { service: fallback ? serviceOf(trace, fallback) : "", operation: fallback?.operationName ?? "" };
  const step = slowestServerStep(waterfall);
  const errorSpans = trace.spans.filter(isErrorSpan).length;
  return {
    traceId: trace.traceID,
    start: isoOfMicros(waterfall.startUs),
    startUs: waterfall.startUs,
    durationUs: waterfall.totalUs,
    spanCount: trace.spans.length,
    root,
    slowestServerStep: step ? { service: step.service, operation: step.operation, selfUs: step.selfUs } : undefined,
    errorSpans,
    error: errorSpans > 0,
  };
}

/** Jaeger's answer to the search, filtered, ranked slowest first and cut to the limit. */
export function listTraces(jaegerQuery: string, search: TraceSearch, answer: readonly JaegerTrace[], serverServices: readonly string[]): TraceList {
  const matching = answer.filter((trace) => hasMatchingSpan(trace, search)).map((trace) => foundTrace(trace, serverServices));
  matching.sort((a, b) => b.durationUs - a.durationUs || b.startUs - a.startUs || a.traceId.localeCompare(b.traceId));
  const depth = searchDepth(search.limit);
  const starts = answer.flatMap((trace) => (trace.spans.length === 0 ? [] : [Math.min(...trace.spans.map((span) => span.startTime))]));
  return {
    jaegerQuery,
    search: {
      service: search.service,
      operation: search.operation,
      minDurationUs: search.minDurationUs,
      since: search.since,
      start: isoOfMicros(search.startUs),
      end: isoOfMicros(search.endUs),
      limit: search.limit,
      searchDepth: depth,
    },
    returned: answer.length,
    complete: answer.length < depth,
    oldestReturned: starts.length === 0 ? undefined : isoOfMicros(Math.min(...starts)),
    matched: matching.length,
    traces: matching.slice(0, search.limit),
  };
}

/** The list as a table, one trace a line, under a line naming the search. */
export function renderTraceList(list: TraceList): string[] {
  const shown = list.traces.length;
  const count = shown === list.matched ? `${shown} trace${shown === 1 ? "" : "s"}` : `the ${shown} slowest of ${list.matched} traces`;
  const lines = [`Jaeger at ${list.jaegerQuery}: ${count} ${describeSearch(list.search)}, slowest first`, ""];
  const oneDay = list.search.start.slice(0, 10) === list.search.end.slice(0, 10);
  const header = ["trace id", "start (UTC)", "duration", "spans", "errors", "root", "slowest server step (own time)"];
  const rows = list.traces.map((trace) => [
    trace.traceId,
    timeOfDay(trace.start, oneDay),
    formatMicros(trace.durationUs),
    String(trace.spanCount),
    trace.errorSpans === 0 ? "-" : String(trace.errorSpans),
    `${trace.root.operation} (${trace.root.service})`,
    trace.slowestServerStep ? `${trace.slowestServerStep.operation} (${trace.slowestServerStep.service}) ${formatMicros(trace.slowestServerStep.selfUs)}` : "-",
  ]);
  lines.push(...table([header, ...rows], [false, false, true, true, true, false, false]));
  if (!list.complete) {
    const reach = list.oldestReturned === undefined ? "" : ` (back to ${timeOfDay(list.oldestReturned, oneDay)})`;
    lines.push(
      "",
      `Jaeger answered with its newest ${list.returned} matches${reach}, as many as --find asks for: older traces of the`,
      "window were not ranked. Narrow the search with --min-duration (Milvus's own background calls take a",
      "few ms each), --operation, --service or --since.",
    );
  }
  lines.push("", "One of them as a waterfall: npm run verify -- --show TRACE_ID");
  return lines;
}

/**
 * The one line for a search that found nothing; `knownServices` are Jaeger's, when the search's
 * service is not among them.
 */
export function noTracesLine(list: TraceList, knownServices?: readonly string[]): string {
  const unknown =
    knownServices === undefined || knownServices.includes(list.search.service)
      ? ""
      : `; Jaeger has no spans of service "${list.search.service}" (it has: ${knownServices.length === 0 ? "none" : knownServices.join(", ")})`;
  return `verify: no traces in Jaeger at ${list.jaegerQuery} ${describeSearch(list.search)}${unknown}`;
}

/** "with a span of service "standalone", operation "Search", of at least 200.0 ms, from ... UTC (the last 1h)" */
function describeSearch(search: TraceList["search"]): string {
  const operation = search.operation === undefined ? "" : `, operation "${search.operation}"`;
  const duration = search.minDurationUs === undefined ? "" : `, of at least ${formatMicros(search.minDurationUs)}`;
  const end = search.start.slice(0, 10) === search.end.slice(0, 10) ? search.end.slice(11, 19) : `${search.end.slice(0, 10)} ${search.end.slice(11, 19)}`;
  return `with a span of service "${search.service}"${operation}${duration}, from ${search.start.slice(0, 10)} ${search.start.slice(11, 19)} to ${end} UTC (the last ${search.since})`;
}

/** "21:35:05.514", dated "12-05 21:35:05.514" when the window spans days. */
function timeOfDay(iso: string, oneDay: boolean): string {
  return oneDay ? iso.slice(11, 23) : `${iso.slice(5, 10)} ${iso.slice(11, 23)}`;
}

function isoOfMicros(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}

/** Columns padded to their widest cell, numbers right-aligned; the last column is not padded. */
function table(rows: readonly string[][], rightAligned: readonly boolean[]): string[] {
  const widths = rightAligned.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
