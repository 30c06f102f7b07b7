import type { TracedSpan } from "./pulumiTracePhases";

/** One object the provider created, from its Create span: when it was asked, and when it answered. */
export interface ProviderCreate {
  /** The resource type's last part (Namespace, Deployment, ...) and its Pulumi name. */
  kind: string;
  name: string;
  /** From the CLI's start. */
  startMs: number;
  /** How long Create took: the API call and the provider's wait for the object to be ready. */
  durationMs: number;
}

/**
 * Every Create a provider served in a `pulumi up --otel-traces` trace, in the order asked, read
 * from the request each provider span logs (its URN names the type and the resource).
 */
export function providerCreates(spans: readonly TracedSpan[]): ProviderCreate[] {
  const root = spans.find((span) => span.service === "pulumi-cli" && span.name === "pulumi");
  if (!root) throw new Error("the CLI's trace has no pulumi span");
  return spans.flatMap((span) => {
    if (span.service === "pulumi-cli" || span.name !== "/pulumirpc.ResourceProvider/Create" || span.request === undefined) return [];
    // urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>
    const urn = /urn:pulumi:[^:]*::[^:]*::(?:[^"\\]*\$)?([^"\\$]+)::([^"\\]+)/.exec(span.request);
    if (!urn) return [];
    const type = urn[1] ?? "";
    return [{ kind: type.slice(type.lastIndexOf(":") + 1), name: urn[2] ?? "", startMs: span.startMs - root.startMs, durationMs: span.endMs - span.startMs }];
  });
}
