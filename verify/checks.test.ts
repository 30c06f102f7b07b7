import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { samplingCheck, traceChecks } from "./checks";
import type { TraceAnalysis } from "./traceAnalysis";

const calls = ["CheckHealth", "Search"].map((rpc) => ({ step: rpc, rpc, ms: 1 }));
const analysis = (overrides: Partial<TraceAnalysis>): TraceAnalysis => ({
  spanCount: 10,
  clientRpcSpans: 3,
  clientSpansByRpc: new Map([["CheckHealth", 1], ["Search", 1], ["DescribeCollection", 1]]),
  missingRpcs: [],
  extraClientSpans: 1,
  serverSpans: 5,
  linkedServerSpans: 5,
  clientSpansWithServerChild: 3,
  ...overrides,
});

describe("traceChecks", () => {
  it("passes all three when every call has its span and Milvus's spans hang below", () => {
    const checks = traceChecks(analysis({}), calls, 1234);
    assert.deepEqual(checks.map((c) => c.passed), [true, true, true]);
    assert.match(checks[0]?.detail ?? "", /found after 1\.23 s, 10 spans/);
    assert.match(checks[1]?.detail ?? "", /2\/2 calls have a client span \(\+1 the SDK made itself\)/);
    assert.match(checks[2]?.detail ?? "", /5 "standalone" spans, 5 descend from a client span/);
  });
  it("fails check 2 naming the missing RPC", () => {
    const clientCheck = traceChecks(analysis({ missingRpcs: ["Search"] }), calls, 10)[1];
    assert.ok(clientCheck);
    assert.equal(clientCheck.passed, false);
    assert.match(clientCheck.detail, /1\/2 calls .* missing: Search/);
  });
  it("fails check 3 when no server span descends from the client", () => {
    assert.equal(traceChecks(analysis({ linkedServerSpans: 0 }), calls, 10)[2]?.passed, false);
  });
  it("fails all three when the trace never arrived, saying how long it waited", () => {
    const checks = traceChecks(undefined, calls, 60000);
    assert.deepEqual(checks.map((c) => c.passed), [false, false, false]);
    assert.match(checks[0]?.detail ?? "", /not found within 60\.00 s/);
  });
});

describe("samplingCheck", () => {
  it("passes when sampleFraction lies in the 99.9% interval", () => {
    assert.equal(samplingCheck(0, 30, 0).passed, true);
    assert.equal(samplingCheck(30, 30, 1).passed, true);
    assert.equal(samplingCheck(14, 30, 0.5).passed, true);
    // A 95% Wilson interval ([0.167, 0.479]) would have failed this run of a stack at 0.5; 99.9% does not.
    assert.equal(samplingCheck(9, 30, 0.5).passed, true);
  });
  it("fails outside it, naming the interval", () => {
    const check = samplingCheck(30, 30, 0.1);
    assert.equal(check.passed, false);
    assert.match(check.detail, /observed 30\/30 = 1\.000, 99\.9% interval \[0\.776, 1\.000\]; sampleFraction 0\.1 OUTSIDE/);
    assert.equal(samplingCheck(20, 200, 0.5).passed, false);
  });
});
