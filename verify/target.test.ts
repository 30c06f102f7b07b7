import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOptions, UsageError, type VerifyOptions } from "./options";
import { requireForwardOptions, requireSampleFractionForSampling, resolveTarget, targetOf, type ReadOutputs } from "./target";

const options = (argv: string[]): VerifyOptions => {
  const parsed = parseOptions(argv, {});
  assert.ok(parsed !== "help");
  return parsed;
};
const endpoints = ["--milvus", "127.0.0.1:1", "--jaeger-query", "http://127.0.0.1:2", "--otlp", "127.0.0.1:3"];

describe("resolveTarget from the command line", () => {
  it("refuses a --ca-file it cannot read as a usage error naming the file", async () => {
    await assert.rejects(resolveTarget(options([...endpoints, "--secure", "--ca-file", "/nonexistent/ca.pem"])), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, '--ca-file = "/nonexistent/ca.pem" cannot be read (ENOENT): expected a readable PEM file with the CA certificate');
      return true;
    });
  });
});

describe("the services Milvus's spans are looked for under", () => {
  const stackOutputs: ReadOutputs = { milvusAddress: "127.0.0.1:19530", jaegerQueryUrl: "http://127.0.0.1:16686", otlpEndpoint: "127.0.0.1:4317" };

  it("come from the stack outputs", () => {
    const target = targetOf(options(["--stack", "dev"]), { ...stackOutputs, milvusSpanServices: { server: "proxy", engine: "segcore" } });
    assert.deepEqual(target.milvusSpanServices, { server: "proxy", engine: "segcore" });
  });
  it("are a Milvus standalone's with endpoints on the command line, or a stack deployed before the output existed", async () => {
    const standalone = { server: "standalone", engine: "segcore" };
    assert.deepEqual(targetOf(options(["--stack", "dev"]), stackOutputs).milvusSpanServices, standalone);
    const fromCommandLine = await resolveTarget(options(endpoints));
    assert.deepEqual(fromCommandLine.milvusSpanServices, standalone);
    await fromCommandLine.close();
  });
  it("stay the stack's when the command line overrides only an address", () => {
    const target = targetOf(options(["--milvus", "127.0.0.1:1"]), { ...stackOutputs, milvusSpanServices: { server: "proxy", engine: "segcore" } });
    assert.equal(target.milvusAddress, "127.0.0.1:1");
    assert.equal(target.jaegerQueryUrl, "http://127.0.0.1:16686");
    assert.equal(target.milvusSpanServices.server, "proxy");
  });
});

describe("Jaeger's collector metrics", () => {
  const stackOutputs: ReadOutputs = { milvusAddress: "127.0.0.1:19530", jaegerQueryUrl: "http://127.0.0.1:16686", otlpEndpoint: "127.0.0.1:4317" };

  it("come from the stack output, and --jaeger-metrics overrides it", () => {
    const outputs = { ...stackOutputs, jaegerMetricsUrl: "http://127.0.0.1:8888" };
    assert.equal(targetOf(options(["--stack", "dev"]), outputs).jaegerMetricsUrl, "http://127.0.0.1:8888");
    assert.equal(targetOf(options(["--jaeger-metrics", "http://127.0.0.1:9"]), outputs).jaegerMetricsUrl, "http://127.0.0.1:9");
  });
  it("are not read from a stack deployed before the output existed", () => {
    assert.equal(targetOf(options(["--stack", "dev"]), stackOutputs).jaegerMetricsUrl, undefined);
  });
});

describe("requireSampleFractionForSampling", () => {
  it("refuses --sampling before any call when no sampleFraction is known", () => {
    assert.throws(
      () => { requireSampleFractionForSampling(200, { sampleFraction: undefined, source: "command line" }); },
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === "--sampling 200 needs Milvus's sampleFraction, and command line does not give it: expected --sample-fraction F (or VERIFY_SAMPLE_FRACTION), from 0 to 1",
    );
  });
  it("lets it through with a fraction from the stack or the command line, and without --sampling", () => {
    assert.doesNotThrow(() => { requireSampleFractionForSampling(200, { sampleFraction: 0, source: "stack dev" }); });
    assert.doesNotThrow(() => { requireSampleFractionForSampling(0, { sampleFraction: undefined, source: "stack dev" }); });
  });
});

describe("the logins verify gives the servers", () => {
  const stackOutputs: ReadOutputs = { milvusAddress: "10.0.0.1:30000", jaegerQueryUrl: "http://10.0.0.1:30001", otlpEndpoint: "127.0.0.1:4317" };
  const credentials = { milvus: { username: "root", password: "from-stack-1" }, jaeger: { username: "jaeger", password: "from-stack-2" } };

  it("are none for a stack that asks for none", () => {
    const target = targetOf(options(["--stack", "dev"]), stackOutputs);
    assert.equal(target.milvusLogin, undefined);
    assert.equal(target.jaegerLogin, undefined);
  });
  it("come from the stack's credentials output", () => {
    const target = targetOf(options(["--stack", "dev"]), { ...stackOutputs, credentials });
    assert.deepEqual([target.milvusLogin, target.jaegerLogin], [credentials.milvus, credentials.jaeger]);
  });
  it("come from the environment over the stack's, each on its own", () => {
    const parsed = parseOptions(["--stack", "dev"], { VERIFY_MILVUS_USER: "alice", VERIFY_MILVUS_PASSWORD: "from-env" });
    assert.ok(parsed !== "help");
    const target = targetOf(parsed, { ...stackOutputs, credentials });
    assert.deepEqual([target.milvusLogin, target.jaegerLogin], [{ username: "alice", password: "from-env" }, credentials.jaeger]);
  });
  it("are a usage error when the environment gives a user without a password, or the reverse", () => {
    assert.throws(() => parseOptions([], { VERIFY_JAEGER_USER: "jaeger" }), /VERIFY_JAEGER_USER and VERIFY_JAEGER_PASSWORD go together/);
    assert.throws(() => parseOptions([], { VERIFY_MILVUS_PASSWORD: "x" }), /VERIFY_MILVUS_USER and VERIFY_MILVUS_PASSWORD go together/);
  });
});

describe("what the stack's forwardMode asks of verify", () => {
  const stackOutputs: ReadOutputs = { milvusAddress: "127.0.0.1:19530", jaegerQueryUrl: "http://127.0.0.1:16686", otlpEndpoint: "127.0.0.1:4317" };
  const refusal = (pattern: RegExp) => (error: unknown) => error instanceof UsageError && pattern.test(error.message);

  it("asks for --forward-only and the backend when the stack's Jaeger keeps nothing, before any call", () => {
    assert.throws(() => targetOf(options(["--stack", "gw"]), { ...stackOutputs, forwardMode: "forward-only" }), refusal(/forwardMode forward-only\): expected --forward-only --backend-query URL/));
    const target = targetOf(options(["--stack", "gw", "--forward-only", "--backend-query", "https://tracing.example"]), { ...stackOutputs, forwardMode: "forward-only" });
    assert.equal(target.milvusAddress, "127.0.0.1:19530");
  });
  it("says a stack without Jaeger cannot be verified, whatever the options", () => {
    for (const argv of [["--stack", "direct"], ["--stack", "direct", "--forward-only", "--backend-query", "https://tracing.example"]]) {
      assert.throws(() => { requireForwardOptions(options(argv), "milvus-direct"); }, refusal(/runs no Jaeger \(forwardMode milvus-direct\)/));
    }
  });
  it("asks nothing more of a stack that stores and forwards, or only stores", () => {
    for (const forwardMode of ["local-and-forward", undefined] as const) assert.doesNotThrow(() => { requireForwardOptions(options(["--stack", "s"]), forwardMode); });
  });
});
