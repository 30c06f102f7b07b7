/**
 * The phases before a `pulumi up` first calls its provider, from the OpenTelemetry spans the CLI
 * writes with `--otel-traces file://...` (one OTLP/JSON export request per line).
 */
interface OtlpSpan {
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}

interface OtlpLine {
  resourceSpans?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

export interface TracedSpan {
  service: string;
  name: string;
  startMs: number;
  endMs: number;
  /** A plugin's own gRPC server span logs the request it served (a `Msg` attribute). */
  request?: string;
}

export function parsePulumiTrace(text: string): TracedSpan[] {
  const spans: TracedSpan[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    for (const resourceSpans of (JSON.parse(line) as OtlpLine).resourceSpans ?? []) {
      const service = resourceSpans.resource?.attributes?.find((attribute) => attribute.key === "service.name")?.value.stringValue ?? "";
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          const request = span.attributes?.find((attribute) => attribute.key === "Msg" && attribute.value.stringValue?.startsWith('{"gRPC request"'))?.value.stringValue;
          const times = { startMs: Number(BigInt(span.startTimeUnixNano) / 1000n) / 1000, endMs: Number(BigInt(span.endTimeUnixNano) / 1000n) / 1000 };
          spans.push({ service, name: span.name, ...times, ...(request === undefined ? {} : { request }) });
        }
      }
    }
  }
  return spans.sort((a, b) => a.startMs - b.startMs);
}

export interface PulumiStartPhases {
  /** The CLI's start, state read and plugin check, until it runs the program. */
  cliAndEngineMs: number;
  /** The language host and the program, until its first resource needs a provider. */
  programMs: number;
  /** The provider plugin's launch, handshake and configuration, until its first create. */
  providerStartMs: number;
}

export function pulumiStartPhases(spans: readonly TracedSpan[]): PulumiStartPhases {
  const first = (name: string, after = 0): TracedSpan => {
    const span = spans.find((candidate) => candidate.service === "pulumi-cli" && candidate.name === name && candidate.startMs >= after);
    if (!span) throw new Error(`the CLI's trace has no ${name} span`);
    return span;
  };
  const root = first("pulumi");
  const program = first("run-program");
  const providerLaunch = first("newPlugin", program.startMs);
  const firstCreate = first("pulumirpc.ResourceProvider/Create");
  return {
    cliAndEngineMs: program.startMs - root.startMs,
    programMs: providerLaunch.startMs - program.startMs,
    providerStartMs: firstCreate.startMs - providerLaunch.startMs,
  };
}
