import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JaegerResponse, JaegerTrace } from "./jaegerTrace";
import { exitCodeOf, renderText, statusOf, unresolvedVerdict, type Verdict } from "./report";
import { pendingSegcoreNote, searchWaterfall } from "./waterfall";

const verdict = (overrides: Partial<Verdict>): Verdict => ({
  status: "pass",
  exitCode: 0,
  source: "stack dev",
  endpoints: { milvus: "127.0.0.1:19530", jaegerQuery: "http://127.0.0.1:16686", otlp: "127.0.0.1:4317", secure: false },
  servers: {
    milvus: { version: "v2.6.15", unknown: undefined, image: { configured: "milvusdb/milvus:v2.6.15", deployed: "milvusdb/milvus:v2.6.15" } },
    jaeger: { version: "v2.20.0", unknown: undefined, image: { configured: "jaegertracing/jaeger:2.20.0", deployed: "jaegertracing/jaeger:2.20.0" } },
  },
  traceId: "abc",
  traceUrl: "http://127.0.0.1:16686/trace/abc",
  timings: { startupMs: 600, targetMs: 400, workloadMs: 2500, traceCompleteMs: 1200, totalMs: 5000 },
  calls: [{ step: "search", rpc: "Search", ms: 3 }],
  checks: [{ name: "trace in Jaeger", passed: true, detail: "found" }],
  waterfall: undefined,
  waterfallNote: undefined,
  error: undefined,
  ...overrides,
});

describe("verdict", () => {
  it("exits 0 when all pass, 1 when a check fails, 2 on an error, 64 on a usage error", () => {
    assert.equal(exitCodeOf([{ name: "a", passed: true, detail: "" }], undefined), 0);
    assert.equal(exitCodeOf([{ name: "a", passed: false, detail: "" }], undefined), 1);
    assert.equal(exitCodeOf([], { endpoint: "x", message: "y", hint: "z" }), 2);
    assert.deepEqual(([0, 1, 2, 64] as const).map(statusOf), ["pass", "fail", "error", "usage"]);
  });

  it("has a JSON verdict for a run that stopped before it knew its endpoints", () => {
    const usage = unresolvedVerdict("command line", 64, { endpoint: "command line", message: "--ca-file = \"x\" cannot be read (ENOENT)", hint: "h" }, { startupMs: 400, totalMs: 410 });
    assert.equal(usage.status, "usage");
    assert.equal(usage.endpoints, undefined);
    const parsed = JSON.parse(JSON.stringify(usage)) as Verdict;
    assert.equal(parsed.exitCode, 64);
    assert.match(renderText(usage), /Could not verify: command line: --ca-file = "x" cannot be read \(ENOENT\)[\s\S]*verify: USAGE \(0 passed, 0 failed\) exit=64$/);
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
    const text = renderText(verdict({ waterfall: searchWaterfall(trace, "milvus-verify"), waterfallNote: pendingSegcoreNote("abc") }));
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
