import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../components/services/milvusSpanServices";
import { checkedSteps, judge, noEvidence, type Evidence } from "./checks";
import type { JaegerResponse, JaegerTrace } from "./jaegerTrace";
import { UsageError } from "./options";
import { renderText, statusOf, verdictOf, type RunContext, type Verdict } from "./report";
import { VerifyError } from "./verifyError";
import { pendingEngineSpansNote, searchWaterfall } from "./waterfall";

const verdict = (overrides: Partial<Verdict>): Verdict => ({
  status: "pass",
  exitCode: 0,
  source: "stack dev",
  endpoints: { milvusAddress: "127.0.0.1:19530", jaegerQueryUrl: "http://127.0.0.1:16686", otlpEndpoint: "127.0.0.1:4317", secure: false },
  milvusSpanServices: MILVUS_STANDALONE_SPAN_SERVICES,
  servers: {
    milvus: { version: "v2.6.15", unknown: undefined, image: { configured: "milvusdb/milvus:v2.6.15", deployed: "milvusdb/milvus:v2.6.15" } },
    jaeger: { version: "v2.20.0", unknown: undefined, image: { configured: "jaegertracing/jaeger:2.20.0", deployed: "jaegertracing/jaeger:2.20.0" } },
  },
  traceId: "abc",
  traceUrl: "http://127.0.0.1:16686/trace/abc",
  timings: { startupMs: 600, targetMs: 400, workloadMs: 2500, traceCompleteMs: 1200, totalMs: 5000 },
  calls: [{ step: "search", rpc: "Search", ms: 3 }],
  checks: [{ name: "trace in Jaeger", passed: true, ran: true, detail: "found" }],
  waterfall: undefined,
  waterfallNote: undefined,
  error: undefined,
  ...overrides,
});

describe("verdict", () => {
  it("is pass, fail, error or usage by its exit code", () => {
    assert.deepEqual(([0, 1, 2, 64] as const).map(statusOf), ["pass", "fail", "error", "usage"]);
  });

  it("has a JSON verdict for a run that stopped before it knew its endpoints, listing every check as not run", () => {
    const stopped: Evidence = { ...noEvidence(checkedSteps(0)), stopped: { step: "target", cause: new UsageError('--ca-file = "x" cannot be read (ENOENT)') } };
    const run: RunContext = { source: "command line", target: undefined, servers: undefined, timings: { startupMs: 400, targetMs: undefined, workloadMs: undefined, traceCompleteMs: undefined, totalMs: 410 } };
    const usage = verdictOf(run, stopped, judge(stopped));
    assert.equal(usage.status, "usage");
    assert.equal(usage.endpoints, undefined);
    const parsed = JSON.parse(JSON.stringify(usage)) as Verdict;
    assert.equal(parsed.exitCode, 64);
    assert.deepEqual(parsed.checks.map((check) => [check.name, check.ran]), [["trace in Jaeger", false], ["client span per RPC", false], ["Milvus server spans in the trace", false]]);
    assert.match(renderText(usage), /Could not verify: command line: --ca-file = "x" cannot be read \(ENOENT\)[\s\S]*verify: USAGE \(0 passed, 0 failed, 3 not run\) exit=64$/);
  });

  it("prints every check line of a run Jaeger stopped, in the text and in the JSON", () => {
    const cause = new VerifyError("http://127.0.0.1:16686", "Jaeger's query API did not answer (connect ECONNREFUSED 127.0.0.1:16686)", "Is Jaeger running and healthy?");
    const stopped: Evidence = { ...noEvidence(checkedSteps(200)), stopped: { step: "trace", cause }, traceId: "abc", calls: [{ step: "search", rpc: "Search", ms: 3 }] };
    const judged = judge(stopped);
    const text = renderText(verdict({ status: "error", exitCode: judged.exitCode, checks: judged.checks, error: judged.error }));
    assert.match(
      text,
      new RegExp(
        [
          "  – 1\\. trace in Jaeger +not run: Jaeger could not be asked for the trace",
          "  – 2\\. client span per RPC +not run: Jaeger could not be asked for the trace",
          "  – 3\\. Milvus server spans in the trace +not run: Jaeger could not be asked for the trace",
          "  – 4\\. sampling of untraced calls +not run: Jaeger could not be asked for the trace",
        ].join("\n"),
      ),
    );
    assert.match(text, /Could not verify: http:\/\/127\.0\.0\.1:16686: Jaeger's query API did not answer/);
    assert.match(text, /\nverify: ERROR \(0 passed, 0 failed, 4 not run\) exit=2$/);
    const parsed = JSON.parse(JSON.stringify(verdictOf(
      { source: "command line", target: undefined, servers: undefined, timings: verdict({}).timings },
      stopped,
      judged,
    ))) as Verdict;
    assert.deepEqual(parsed.checks.map((check) => [check.ran, check.detail]), Array(4).fill([false, "not run: Jaeger could not be asked for the trace"]));
    assert.equal(parsed.exitCode, 2);
  });

  it("counts failed and not-run checks apart in the verdict line", () => {
    const checks = [
      { name: "Milvus workload", passed: false, ran: true, detail: "search failed" },
      { name: "trace in Jaeger", passed: false, ran: false, detail: "not run: the Milvus workload did not finish" },
    ];
    const text = renderText(verdict({ status: "fail", exitCode: 1, checks }));
    assert.match(text, /✘ 1\. Milvus workload +search failed\n {2}– 2\. trace in Jaeger +not run: the Milvus workload did not finish/);
    assert.match(text, /\nverify: FAIL \(0 passed, 1 failed, 1 not run\) exit=1$/);
  });

  it("ends with the waterfall of the traced Search call, above the verdict line", () => {
    const recording = JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as { response: JaegerResponse<JaegerTrace[]> };
    const trace = recording.response.data?.[0];
    assert.ok(trace);
    const text = renderText(verdict({ waterfall: searchWaterfall(trace, "milvus-verify") }));
    const lines = text.split("\n");
    assert.match(text, /The traced Search call, as Jaeger holds it:\n +start +duration service +operation/);
    const legend = lines.findIndex((line) => /^ {2}\* slowest server step: Proxy-Search-Execute/.test(line));
    assert.ok(legend > lines.findLastIndex((line) => line.includes("█")), "the legend follows the last bar");
    assert.ok(legend >= lines.length - 4, "and only the verdict line comes after it");
    assert.match(lines.at(-1) ?? "", /^verify: PASS/);
    assert.ok(lines.every((line) => line.length <= 100));
  });
  it("says under the waterfall when Milvus's segcore spans were still to come, and how to see them", () => {
    const recording = JSON.parse(readFileSync(join(__dirname, "fixtures", "workload-trace.json"), "utf8")) as { response: JaegerResponse<JaegerTrace[]> };
    const trace = recording.response.data?.[0];
    assert.ok(trace);
    const text = renderText(verdict({ waterfall: searchWaterfall(trace, "milvus-verify"), waterfallNote: pendingEngineSpansNote("abc", "segcore") }));
    assert.match(text, /below it\n {2}Milvus's C\+\+ \(segcore\) spans below Search come in batches every 5 s and were not in yet:\n {2}npm run verify -- --show abc shows them\.\n\nverify: PASS/);
    assert.ok(text.split("\n").every((line) => line.length <= 100));
  });
  it("renders marks, timings, the trace link and a parseable last line", () => {
    const text = renderText(verdict({}));
    assert.match(text, /✔ 1\. trace in Jaeger/);
    assert.match(text, /Timings: start 0\.60 s, stack outputs 0\.40 s, workload 2\.50 s,\n {11}trace complete in Jaeger 1\.20 s after flush, verdict at 5\.00 s/);
    assert.match(text, /Trace: http:\/\/127\.0\.0\.1:16686\/trace\/abc/);
    assert.match(text, /Running: Milvus v2\.6\.15 \(image milvusdb\/milvus:v2\.6\.15\)\n {11}Jaeger v2\.20\.0 \(image jaegertracing\/jaeger:2\.20\.0\)/);
    assert.match(text, /\nverify: PASS \(1 passed, 0 failed\) exit=0$/);
  });
  it("names the endpoint and the likely cause on an error", () => {
    const text = renderText(verdict({ status: "error", exitCode: 2, checks: [], error: { endpoint: "http://j:16686", message: "no answer", hint: "start Jaeger" } }));
    assert.match(text, /Could not verify: http:\/\/j:16686: no answer\n {2}Likely cause: start Jaeger/);
    assert.match(text, /verify: ERROR .* exit=2$/);
  });
});
