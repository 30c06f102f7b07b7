import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePulumiTrace, pulumiStartPhases } from "./pulumiTracePhases";

const ns = (ms: number): string => (BigInt(ms) * 1_000_000n + 1_795_406_310_000_000_000n).toString();
const line = (service: string, spans: [string, number, number][]) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
        scopeSpans: [{ scope: {}, spans: spans.map(([name, start, end]) => ({ traceId: "t", spanId: name, name, startTimeUnixNano: ns(start), endTimeUnixNano: ns(end) })) }],
      },
    ],
  });

// The shape of a real `pulumi up --otel-traces file://...` of a Docker stack, times shortened.
const trace = [
  line("pulumi-language-host", [["/pulumirpc.LanguageRuntime/Run", 800, 17_000]]),
  line("pulumi-cli", [
    ["pulumi", 0, 18_000],
    ["newPlugin", 15, 40],
    ["run-program", 798, 17_000],
    ["pulumirpc.ResourceMonitor/RegisterResource", 3_356, 5_700],
    ["newPlugin", 3_360, 3_485],
    ["pulumirpc.ResourceProvider/Create", 3_525, 3_582],
  ]),
  line("docker", [["pulumirpc.ResourceProvider/Create", 3_526, 3_581]]),
].join("\n");

describe("the phases of pulumi up before its first provider call", () => {
  it("reads every span with its service", () => {
    const spans = parsePulumiTrace(trace);
    assert.equal(spans.length, 8);
    assert.deepEqual(spans[0], { service: "pulumi-cli", name: "pulumi", startMs: 1_795_406_310_000, endMs: 1_795_406_328_000 });
  });

  it("splits CLI and engine start, language host and program, and the provider's start", () => {
    assert.deepEqual(pulumiStartPhases(parsePulumiTrace(trace)), { cliAndEngineMs: 798, programMs: 2_562, providerStartMs: 165 });
  });

  it("names a span the trace lacks", () => {
    assert.throws(() => pulumiStartPhases(parsePulumiTrace(line("pulumi-cli", [["pulumi", 0, 1]]))), /no run-program span/);
  });
});
