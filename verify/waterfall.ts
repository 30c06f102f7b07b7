import { parentOf, serviceOf, type JaegerSpan, type JaegerTrace } from "./jaegerTrace";

/** One span of a waterfall and the spans below it (CHILD_OF), earliest first. */
export interface WaterfallSpan {
  spanId: string;
  service: string;
  operation: string;
  /** Microseconds from the start of the waterfall's earliest root. */
  startOffsetUs: number;
  durationUs: number;
  /** Time not covered by any span below it, in microseconds. */
  selfUs: number;
  /** The server step with the most time of its own: where the request spent it. */
  slowest: boolean;
  children: WaterfallSpan[];
}

export interface Waterfall {
  traceId: string;
  spanCount: number;
  /** When the earliest root started, in microseconds since the epoch. */
  startUs: number;
  /** From the earliest root's start to the latest end, in microseconds. */
  totalUs: number;
  roots: WaterfallSpan[];
}

const SEARCH_CLIENT_SUFFIX = "MilvusService/Search";

/** The traced Search call: the client's Search span and everything below it. */
export function searchWaterfall(trace: JaegerTrace, clientService: string): Waterfall | undefined {
  const search = trace.spans.find((span) => serviceOf(trace, span) === clientService && span.operationName.endsWith(SEARCH_CLIENT_SUFFIX));
  return search ? waterfallOf(trace, [search]) : undefined;
}

/**
 * A whole trace: every span whose parent is not in it is a root (a trace may have several).
 * `serverServices` (Milvus's) are server steps even at a root: a trace Milvus's own sampler
 * started has no client above it.
 */
export function traceWaterfall(trace: JaegerTrace, serverServices: readonly string[] = []): Waterfall {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const roots = trace.spans.filter((span) => {
    const parent = parentOf(span);
    return parent === undefined || !ids.has(parent);
  });
  return waterfallOf(trace, roots, serverServices);
}

/**
 * The tree below `roots`. Server steps are spans of another service than their root's (Milvus's
 * below the client's) and spans of `serverServices`; the one with the most self time is marked
 * slowest.
 */
export function waterfallOf(trace: JaegerTrace, roots: readonly JaegerSpan[], serverServices: readonly string[] = []): Waterfall {
  const childrenOf = new Map<string, JaegerSpan[]>();
  for (const span of trace.spans) {
    const parent = parentOf(span);
    if (parent !== undefined) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), span]);
  }
  const origin = Math.min(...roots.map((span) => span.startTime));
  const end = Math.max(...roots.map((span) => span.startTime + span.duration));
  const placed = new Set<string>();
  let latestEnd = end;

  const build = (span: JaegerSpan): WaterfallSpan => {
    placed.add(span.spanID);
    const below = (childrenOf.get(span.spanID) ?? []).filter((child) => !placed.has(child.spanID)).sort((a, b) => a.startTime - b.startTime);
    latestEnd = Math.max(latestEnd, span.startTime + span.duration);
    return {
      spanId: span.spanID,
      service: serviceOf(trace, span),
      operation: span.operationName,
      startOffsetUs: span.startTime - origin,
      durationUs: span.duration,
      selfUs: selfTime(span, below),
      slowest: false,
      children: below.map(build),
    };
  };
  const built = [...roots].sort((a, b) => a.startTime - b.startTime).map(build);
  markSlowestServerStep(built, serverServices);
  return { traceId: trace.traceID, spanCount: placed.size, startUs: roots.length === 0 ? 0 : origin, totalUs: roots.length === 0 ? 0 : latestEnd - origin, roots: built };
}

/** A span's duration less the union of its children's intervals, clipped to the span. */
function selfTime(span: JaegerSpan, children: readonly JaegerSpan[]): number {
  const start = span.startTime;
  const end = span.startTime + span.duration;
  let covered = 0;
  let reached = start;
  for (const child of children) {
    const childStart = Math.max(child.startTime, reached);
    const childEnd = Math.min(child.startTime + child.duration, end);
    if (childEnd > childStart) covered += childEnd - childStart;
    reached = Math.max(reached, childEnd);
  }
  return Math.max(0, span.duration - covered);
}

function markSlowestServerStep(roots: readonly WaterfallSpan[], serverServices: readonly string[]): void {
  let slowest: WaterfallSpan | undefined;
  const visit = (span: WaterfallSpan, rootService: string): void => {
    const serverStep = span.service !== rootService || serverServices.includes(span.service);
    if (serverStep && (slowest === undefined || span.selfUs > slowest.selfUs)) slowest = span;
    for (const child of span.children) visit(child, rootService);
  };
  for (const root of roots) visit(root, root.service);
  if (slowest) slowest.slowest = true;
}

/** The server step the waterfall marks `*`, if it has one. */
export function slowestServerStep(waterfall: Waterfall): WaterfallSpan | undefined {
  const within = (spans: readonly WaterfallSpan[]): WaterfallSpan | undefined => {
    for (const span of spans) {
      const found = span.slowest ? span : within(span.children);
      if (found) return found;
    }
    return undefined;
  };
  return within(waterfall.roots);
}

/** Columns of a rendered row; the operation column takes what the others leave of the width. */
const COLUMN = { mark: 2, start: 10, duration: 10, service: 14, minOperation: 24, minBar: 12 } as const;

/** Whether any span of the waterfall, at any depth, belongs to `service`. */
export function waterfallHasService(waterfall: Waterfall, service: string): boolean {
  const within = (spans: readonly WaterfallSpan[]): boolean => spans.some((span) => span.service === service || within(span.children));
  return within(waterfall.roots);
}

/** Under a waterfall whose Milvus engine spans (service `engine`) had not arrived when verify stopped waiting. */
export function pendingEngineSpansNote(traceId: string, engine: string): string[] {
  return [
    `Milvus's C++ (${engine}) spans below Search come in batches every 5 s and were not in yet:`,
    `npm run verify -- --show ${traceId} shows them.`,
  ];
}

/** Microseconds as a person reads them: "0.06 ms", "212.3 ms", "4.21 s". */
export function formatMicros(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 100_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1000).toFixed(2)} ms`;
}

/**
 * The waterfall as text no wider than `width`: start offset, duration, service, the operation
 * indented by depth, and a bar on a common time scale. Operations too long for their column are
 * folded onto continuation lines rather than cut.
 */
export function renderWaterfall(waterfall: Waterfall, width = 100): string[] {
  const fixed = COLUMN.mark + COLUMN.start + COLUMN.duration + COLUMN.service + 3;
  const room = Math.max(width - fixed, COLUMN.minOperation + COLUMN.minBar);
  const barWidth = Math.max(COLUMN.minBar, Math.floor(room * 0.3));
  const operationWidth = room - barWidth;
  const scale = waterfall.totalUs > 0 ? barWidth / waterfall.totalUs : 0;

  const header =
    " ".repeat(COLUMN.mark) +
    "start".padStart(COLUMN.start) +
    "duration".padStart(COLUMN.duration) +
    " " +
    "service".padEnd(COLUMN.service) +
    " " +
    "operation".padEnd(operationWidth) +
    " " +
    `0${formatMicros(waterfall.totalUs).padStart(barWidth - 1)}`;
  const lines = [header];

  const row = (span: WaterfallSpan, depth: number): void => {
    const indent = "  ".repeat(Math.min(depth, Math.floor(operationWidth / 4)));
    const [first = "", ...rest] = fold(`${indent}${span.operation}`, operationWidth, `${indent}  `);
    const from = Math.min(barWidth - 1, Math.floor(span.startOffsetUs * scale));
    const length = Math.max(1, Math.min(barWidth - from, Math.round(span.durationUs * scale)));
    lines.push(
      (span.slowest ? "* " : "  ") +
        formatMicros(span.startOffsetUs).padStart(COLUMN.start) +
        formatMicros(span.durationUs).padStart(COLUMN.duration) +
        " " +
        clip(span.service, COLUMN.service).padEnd(COLUMN.service) +
        " " +
        first.padEnd(operationWidth) +
        " " +
        " ".repeat(from) +
        "█".repeat(length),
    );
    const continuation = " ".repeat(COLUMN.mark + COLUMN.start + COLUMN.duration + 1 + COLUMN.service + 1);
    for (const more of rest) lines.push(continuation + more);
    for (const child of span.children) row(child, depth + 1);
  };
  for (const root of waterfall.roots) row(root, 0);

  const marked = slowestServerStep(waterfall);
  if (marked) {
    lines.push(...fold(`* slowest server step: ${marked.operation} (${marked.service}), ${formatMicros(marked.selfUs)} of its own, not spent in spans below it`, width, "  "));
  }
  return lines.map((line) => line.trimEnd());
}

/** Splits text into lines of at most `width`, continuation lines starting with `prefix`. */
function fold(text: string, width: number, prefix: string): string[] {
  const lines: string[] = [];
  let rest = text;
  let lead = "";
  while (lead.length + rest.length > width) {
    const room = Math.max(8, width - lead.length);
    // Break after the last separator that fits; mid-word only where there is none.
    const cut = Math.max(...["/", ".", " ", "-", "_"].map((separator) => rest.lastIndexOf(separator, room - 1) + 1));
    const at = cut > 0 ? cut : room;
    lines.push(lead + rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
    lead = prefix;
  }
  lines.push(lead + rest);
  return lines;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
