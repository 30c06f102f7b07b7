import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exitCodeOf, renderText, statusOf, type Verdict } from "./report";

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
  timings: { workloadMs: 2500, traceCompleteMs: 1200, totalMs: 5000 },
  calls: [{ step: "search", rpc: "Search", ms: 3 }],
  checks: [{ name: "trace in Jaeger", passed: true, detail: "found" }],
  error: undefined,
  ...overrides,
});

describe("verdict", () => {
  it("exits 0 when all pass, 1 when a check fails, 2 on an error", () => {
    assert.equal(exitCodeOf([{ name: "a", passed: true, detail: "" }], undefined), 0);
    assert.equal(exitCodeOf([{ name: "a", passed: false, detail: "" }], undefined), 1);
    assert.equal(exitCodeOf([], { endpoint: "x", message: "y", hint: "z" }), 2);
    assert.deepEqual([0, 1, 2].map((code) => statusOf(code as 0 | 1 | 2)), ["pass", "fail", "error"]);
  });
  it("renders marks, timings, the trace link and a parseable last line", () => {
    const text = renderText(verdict({}));
    assert.match(text, /✔ 1\. trace in Jaeger/);
    assert.match(text, /workload 2\.50 s, trace complete in Jaeger 1\.20 s after flush/);
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
