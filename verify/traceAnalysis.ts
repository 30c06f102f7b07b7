import type { MilvusSpanServices } from "../components/services/milvusSpanServices";
import { parentOf, serviceOf, type JaegerSpan, type JaegerTrace } from "./jaegerTrace";

/** Whose spans are whose in Jaeger: verify's own client, and Milvus (from the stack outputs). */
export interface SpanServices {
  client: string;
  milvus: MilvusSpanServices;
}

/**
 * A client span of a Milvus RPC, as each language's gRPC instrumentation names it: OpenTelemetry
 * JS `grpc.milvus.proto.milvus.MilvusService/Search`, Python `/milvus.proto...`, Go (otelgrpc)
 * and the Java agent `milvus.proto...`. Group 1: the method.
 */
const CLIENT_RPC_SPAN = /^(?:grpc\.|\/)?milvus\.proto\.milvus\.MilvusService\/(\w+)$/;

/** The MilvusService method a client span stands for, or undefined when it is no Milvus RPC. */
export function clientRpcOf(operationName: string): string | undefined {
  return CLIENT_RPC_SPAN.exec(operationName)?.[1];
}

export interface TraceAnalysis {
  spanCount: number;
  /** Client spans of Milvus RPCs, the workload's and the SDK's own. */
  clientRpcSpans: number;
  /** Client span count per Milvus RPC method, e.g. Search -> 1. */
  clientSpansByRpc: Map<string, number>;
  /** RPCs the workload made that have no client span (one missing span per missing call). */
  missingRpcs: string[];
  /** Client spans beyond the calls the workload made: RPCs the SDK makes on its own. */
  extraClientSpans: number;
  serverSpans: number;
  /** Server spans whose parent chain reaches one of the client's RPC spans. */
  linkedServerSpans: number;
  /** Client RPC spans with at least one server span below them. */
  clientSpansWithServerChild: number;
}

/** What one trace in Jaeger says about the calls the workload made (`rpcs`, one entry per call). */
export function analyseTrace(trace: JaegerTrace, services: SpanServices, rpcs: readonly string[]): TraceAnalysis {
  const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
  const clientRpcSpans = trace.spans.filter((span) => serviceOf(trace, span) === services.client && clientRpcOf(span.operationName) !== undefined);
  const clientIds = new Set(clientRpcSpans.map((span) => span.spanID));

  const clientSpansByRpc = new Map<string, number>();
  for (const span of clientRpcSpans) {
    const rpc = clientRpcOf(span.operationName) ?? "";
    clientSpansByRpc.set(rpc, (clientSpansByRpc.get(rpc) ?? 0) + 1);
  }

  const expected = new Map<string, number>();
  for (const rpc of rpcs) expected.set(rpc, (expected.get(rpc) ?? 0) + 1);
  const missingRpcs = [...expected].flatMap(([rpc, count]) => Array<string>(Math.max(0, count - (clientSpansByRpc.get(rpc) ?? 0))).fill(rpc));

  const serverSpans = trace.spans.filter((span) => serviceOf(trace, span) === services.milvus.server);
  const clientAncestor = (span: JaegerSpan): string | undefined => {
    const seen = new Set<string>();
    let parentId = parentOf(span);
    while (parentId !== undefined && !seen.has(parentId)) {
      if (clientIds.has(parentId)) return parentId;
      seen.add(parentId);
      const parent = byId.get(parentId);
      parentId = parent ? parentOf(parent) : undefined;
    }
    return undefined;
  };
  const ancestors = serverSpans.map(clientAncestor);

  return {
    spanCount: trace.spans.length,
    clientRpcSpans: clientRpcSpans.length,
    clientSpansByRpc,
    missingRpcs,
    extraClientSpans: Math.max(0, clientRpcSpans.length - (rpcs.length - missingRpcs.length)),
    serverSpans: serverSpans.length,
    linkedServerSpans: ancestors.filter((ancestor) => ancestor !== undefined).length,
    clientSpansWithServerChild: new Set(ancestors.filter((ancestor) => ancestor !== undefined)).size,
  };
}

/**
 * Among traces Jaeger found for Milvus, those that a parentless call started: a Milvus server root
 * span for `rpc` with no client span anywhere in the trace.
 */
export function countUnparentedServerTraces(traces: readonly JaegerTrace[], rpc: string, services: SpanServices): number {
  return traces.filter((trace) => {
    if (trace.spans.some((span) => serviceOf(trace, span) === services.client)) return false;
    return trace.spans.some(
      (span) => serviceOf(trace, span) === services.milvus.server && parentOf(span) === undefined && span.operationName.endsWith(`/${rpc}`),
    );
  }).length;
}
