import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { TracingSettings } from "../../components/settings/settings";
import type { Verdict } from "../../verify/report";
import { waitForOutput } from "../verifyProcess";
import { ENDPOINTS, makeTestCa, REPO, runVerifyHere, scratchDir, startJaeger, startMilvus, type RunningServer, type TestCa } from "./harness";

const tracing = (overrides: Partial<TracingSettings>): TracingSettings => ({ sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500, ...overrides });
const SAMPLING_CALLS = 30;

const passed = (verdict: Verdict): boolean[] => verdict.checks.map((check) => check.passed);

/** Starts a fresh Jaeger and Milvus for one scenario and stops both, by pid, afterwards. */
function withServers(label: string, settings: TracingSettings, tls: boolean): { ca: () => TestCa; jaeger: () => RunningServer; milvus: () => RunningServer } {
  const dir = scratchDir(label);
  let ca: TestCa | undefined;
  let jaeger: RunningServer | undefined;
  let milvus: RunningServer | undefined;
  before(async () => {
    ca = tls ? await makeTestCa(dir) : undefined;
    jaeger = await startJaeger(dir, ca ? { certFile: ca.certFile, keyFile: ca.keyFile } : undefined);
    milvus = await startMilvus(dir, settings, ca ? { SSL_CERT_FILE: ca.caFile } : {});
  });
  after(async () => {
    await milvus?.stop();
    await jaeger?.stop();
  });
  const get = <T>(value: T | undefined, what: string): T => {
    assert.ok(value, `${what} started`);
    return value;
  };
  return { ca: () => get(ca, "CA"), jaeger: () => get(jaeger, "Jaeger"), milvus: () => get(milvus, "Milvus") };
}

describe("plaintext OTLP, sampleFraction 1", () => {
  const servers = withServers("plain-1", tracing({ sampleFraction: 1 }), false);

  it("passes every check and Milvus records every untraced call", async () => {
    const { code, verdict } = await runVerifyHere(["--sample-fraction", "1", "--sampling", String(SAMPLING_CALLS)]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(passed(verdict), [true, true, true, true]);
    assert.equal(code, 0);
    assert.match(verdict.checks[3]?.detail ?? "", new RegExp(`observed ${SAMPLING_CALLS}/${SAMPLING_CALLS} `));
    const rpcs = verdict.calls.map((call) => call.rpc);
    assert.ok(rpcs.includes("CreateCollection") && rpcs.includes("LoadCollection"), `a fresh Milvus: the kept collection is made and loaded (${rpcs.join(", ")})`);
    if (process.env.RECORD_JAEGER_FIXTURES === "1" && verdict.traceId !== undefined) {
      const response: unknown = await (await fetch(`${ENDPOINTS.jaegerQuery}/api/traces/${verdict.traceId}`)).json();
      const recordedWith = { jaeger: "2.13.0 (lab Go build)", milvus: "2.3.5 (PyPI wheel)", clientService: "milvus-verify", calls: verdict.calls.map((call) => call.rpc) };
      writeFileSync(join(REPO, "verify", "fixtures", "workload-trace.json"), JSON.stringify({ recordedWith, response }));
    }
  });

  it("keeps every Milvus call working when Jaeger stops mid-run, and exits 2 naming Jaeger", async () => {
    const { code, verdict } = await runVerifyHere(["--timeout", "20"], async (stderr) => {
      await waitForOutput(stderr, "calling Milvus");
      await servers.jaeger().stop();
    });
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(code, 2);
    // The second run finds the collection the first one kept, still loaded.
    assert.deepEqual(
      verdict.calls.map((call) => call.rpc),
      ["CheckHealth", "DescribeCollection", "GetLoadState", "Upsert", "Search", "Query"],
      "every Milvus call succeeded, on the kept collection",
    );
    assert.ok(verdict.error);
    assert.equal(verdict.error.endpoint, ENDPOINTS.jaegerQuery);
    assert.match(verdict.error.message, /Jaeger's query API did not answer/);
  });

  it("exits 2 naming Milvus when Milvus is down", async () => {
    await servers.milvus().stop();
    const { code, verdict } = await runVerifyHere(["--timeout", "10"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(code, 2);
    assert.ok(verdict.error);
    assert.equal(verdict.error.endpoint, ENDPOINTS.milvus);
    assert.match(verdict.error.message, /Milvus did not answer/);
  });
});

describe("plaintext OTLP, sampleFraction 0", () => {
  withServers("plain-0", tracing({ sampleFraction: 0 }), false);

  it("still records the client-sampled trace, and records none of the untraced calls", async () => {
    const { code, verdict } = await runVerifyHere(["--sample-fraction", "0", "--sampling", String(SAMPLING_CALLS)]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(passed(verdict), [true, true, true, true]);
    assert.equal(code, 0);
    assert.match(verdict.checks[3]?.detail ?? "", new RegExp(`observed 0/${SAMPLING_CALLS} `));
  });

  it("fails the sampling check when told the stack samples everything", async () => {
    const { code, verdict } = await runVerifyHere(["--sample-fraction", "1", "--sampling", "10"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(code, 1);
    assert.deepEqual(passed(verdict), [true, true, true, false]);
  });
});

describe("TLS on OTLP (secure: true)", () => {
  const servers = withServers("tls", tracing({ secure: true }), true);

  it("passes with Milvus and verify trusting the stack's CA", async () => {
    const { code, verdict } = await runVerifyHere(["--secure", "--ca-file", servers.ca().caFile]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(passed(verdict), [true, true, true]);
    assert.equal(code, 0);
    assert.equal(verdict.endpoints?.secure, true);
  });

  it("refuses plaintext OTLP: verify exits 2 naming the OTLP endpoint", async () => {
    const { code, verdict } = await runVerifyHere(["--no-secure", "--timeout", "15"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(code, 2);
    assert.ok(verdict.error);
    assert.equal(verdict.error.endpoint, ENDPOINTS.otlp);
    assert.match(verdict.error.hint, /if the receiver serves TLS, set secure/);
  });
});

describe("TLS receiver, Milvus configured secure: false", () => {
  const servers = withServers("tls-mismatch", tracing({ secure: false }), true);

  it("exits 2 with the secure-setting hint: Milvus never delivers a span", async () => {
    const { code, verdict } = await runVerifyHere(["--secure", "--ca-file", servers.ca().caFile, "--timeout", "20"]);
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(code, 2);
    assert.ok(verdict.error);
    assert.match(verdict.error.message, /never received a span from Milvus/);
    assert.match(verdict.error.hint, /trace\.otlp\.secure must match the receiver/);
  });
});
