import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { JaegerQuery } from "../../verify/jaegerQuery";
import type { JaegerTrace } from "../../verify/jaegerTrace";
import { countRows, insertRows } from "../milvusRows";
import { waitForOutput } from "../verifyProcess";
import { providerPluginsFor } from "../../scripts/providerPlugins";
import { requiredPlugins } from "../../scripts/provisioningSteps";
import { docker, hostPorts as ports, LAB_IMAGES as images, pulumiHomeWith, ThrowawayStack } from "./pulumiStack";

/**
 * The version a lab image is tagged with, which the server itself must report; the PyPI Milvus
 * calls its build `v2.3.5-lite`, hence the optional suffix.
 */
const versionOfTag = (image: string | undefined): RegExp => new RegExp(`^v?${(image ?? "").split(":")[1]?.replaceAll(".", "\\.") ?? "none"}(-[a-z]+)?$`);
const containersOf = (stack: string) => docker(["ps", "-a", "--filter", `name=milvus-tracing-${stack}-`, "--format", "{{.Names}}"]);
const networksOf = (stack: string) => docker(["network", "ls", "--filter", `name=milvus-tracing-${stack}`, "--format", "{{.Name}}"]);
const volumesOf = (stack: string) => docker(["volume", "ls", "--filter", `name=milvus-tracing-${stack}-`, "--format", "{{.Name}}"]);
const traceBlock = (yamlText: string) => (parse(yamlText) as { trace: { sampleFraction: number } }).trace;

/** Asks Jaeger's query API for a trace until it answers (Jaeger may still be starting), bounded. */
async function traceOnceJaegerAnswers(jaegerQueryUrl: string, traceId: string): Promise<JaegerTrace | undefined> {
  const jaeger = new JaegerQuery(jaegerQueryUrl);
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      return await jaeger.trace(traceId);
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

/** The container's health once it is no longer starting, or its last state when the time is up. */
async function healthyWithin(container: string, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const health = await docker(["inspect", "-f", "{{.State.Health.Status}}", container]);
    if (health !== "starting" || performance.now() > deadline) return health;
    await sleep(1000);
  }
}

before(() => {
  assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
});

describe("a plaintext Docker stack, with the docker plugin alone, from up to destroy", () => {
  let stack: ThrowawayStack;
  const name = "e2e-plain";
  // The docker plugin alone, as npm start provisions it for this stack: the engine starts only
  // the plugins of the resources the program registers.
  const home = pulumiHomeWith(requiredPlugins(providerPluginsFor({ target: "docker", tracing: { secure: false } }, [])));
  before(async () => {
    stack = await ThrowawayStack.create("plain", { target: "docker", sampleFraction: 1, secure: false, ...images, ...ports(21000) }, { PULUMI_HOME: home });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    await docker(["volume", "rm", "-f", `milvus-tracing-${name}-milvus-data`, `milvus-tracing-${name}-jaeger-data`]);
    rmSync(home, { recursive: true, force: true });
  });
  /** The trace verify made on the first run, and its span count in Jaeger right after. */
  let verified: { traceId: string; spans: number } | undefined;
  const jaegerUrl = "http://127.0.0.1:21686";

  it("deploys with pulumi up and verify passes", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const { code, verdict } = await stack.verify();
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true]);
    assert.equal(code, 0);
    assert.equal(verdict.endpoints?.milvusAddress, "127.0.0.1:21530");
    // What runs, from the servers themselves, and the configured images the lab's stand in for.
    assert.match(verdict.servers?.milvus.version ?? "", versionOfTag(images.labMilvusImage));
    assert.match(verdict.servers?.jaeger.version ?? "", versionOfTag(images.labJaegerImage));
    assert.deepEqual(verdict.servers?.milvus.image, { configured: "milvusdb/milvus:v2.6.15", deployed: images.labMilvusImage });
    assert.deepEqual(verdict.servers.jaeger.image, { configured: "jaegertracing/jaeger:2.20.0", deployed: images.labJaegerImage });
    assert.equal(verdict.waterfall?.roots[0]?.operation, "grpc.milvus.proto.milvus.MilvusService/Search", "the verdict carries the Search waterfall");
    assert.ok(verdict.traceId);
    const trace = await traceOnceJaegerAnswers(jaegerUrl, verdict.traceId);
    assert.ok(trace && trace.spans.length > 50, "Jaeger has the whole trace");
    verified = { traceId: verdict.traceId, spans: trace.spans.length };
  });

  it("still has verify's trace after the Jaeger container restarts (Badger on the data volume)", async () => {
    assert.ok(verified);
    await docker(["restart", `milvus-tracing-${name}-jaeger`]);
    const trace = await traceOnceJaegerAnswers(jaegerUrl, verified.traceId);
    assert.ok(trace, "the trace survived the restart");
    assert.ok(trace.spans.length >= verified.spans, `${trace.spans.length} spans, ${verified.spans} before`);
  });

  it("still has it after a Jaeger setting change makes pulumi up replace the container", async () => {
    assert.ok(verified);
    const containerBefore = await docker(["inspect", "-f", "{{.Id}}", `milvus-tracing-${name}-jaeger`]);
    stack.setConfig({ jaegerRetention: "96h" });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.notEqual(await docker(["inspect", "-f", "{{.Id}}", `milvus-tracing-${name}-jaeger`]), containerBefore, "Jaeger was replaced");
    const config = await docker(["exec", `milvus-tracing-${name}-jaeger`, "cat", "/etc/jaeger/config.yaml"]);
    assert.match(config, /spans: 96h/);
    const trace = await traceOnceJaegerAnswers(jaegerUrl, verified.traceId);
    assert.ok(trace, "the trace survived the replacement");
    assert.ok(trace.spans.length >= verified.spans, `${trace.spans.length} spans, ${verified.spans} before`);
  });

  it("changes nothing on a second run", async () => {
    const preview = await stack.preview("--expect-no-changes");
    assert.equal(preview.code, 0, preview.output);
  });

  it("restarts Milvus with a new sampleFraction and keeps its rows", async () => {
    const { MilvusClient } = await import("@zilliz/milvus2-sdk-node");
    // Right after a restart on existing data Milvus 2.3 can take tens of seconds over DDL.
    const connect = () => new MilvusClient({ address: "127.0.0.1:21530", telemetry: { enabled: false }, logLevel: "error", timeout: 120_000 });
    const client = connect();
    await insertRows(client, "kept", 100);
    await client.closeConnection();
    const containerBefore = await docker(["inspect", "-f", "{{.Id}}", `milvus-tracing-${name}-milvus`]);

    stack.setConfig({ sampleFraction: 0.5 });
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);

    assert.notEqual(await docker(["inspect", "-f", "{{.Id}}", `milvus-tracing-${name}-milvus`]), containerBefore, "Milvus was replaced");
    const overlay = await docker(["exec", `milvus-tracing-${name}-milvus`, "cat", "/milvus/configs/user.yaml"]);
    assert.equal(traceBlock(overlay).sampleFraction, 0.5);
    // What Milvus 2.3 actually read: the lab image merges user.yaml into milvus.yaml at start.
    const effective = await docker(["exec", `milvus-tracing-${name}-milvus`, "cat", "/milvus/configs/milvus.yaml"]);
    assert.equal(traceBlock(effective).sampleFraction, 0.5);

    const again = connect();
    const rows = await countRows(again, "kept");
    await again.closeConnection();
    assert.equal(rows, 100, "the rows survived the replacement");
  });

  it("keeps Milvus calls working with Jaeger stopped, exits 2 naming Jaeger, and passes once it is back", async () => {
    const outputs = await stack.outputs();
    await docker(["stop", `milvus-tracing-${name}-jaeger`]);
    // A reboot can start Milvus before its collector: it must come back healthy all the same.
    await docker(["restart", `milvus-tracing-${name}-milvus`]);
    assert.equal(await healthyWithin(`milvus-tracing-${name}-milvus`, 180_000), "healthy");
    assert.equal(await docker(["inspect", "-f", "{{.RestartCount}}", `milvus-tracing-${name}-milvus`]), "0", "Milvus never crashed");
    const down = await stack.verify(["--timeout", "20"]);
    assert.ok(down.verdict, "verify printed a JSON verdict");
    assert.equal(down.code, 2);
    assert.deepEqual(down.verdict.calls.slice(-3).map((call) => call.rpc), ["Upsert", "Search", "Query"], "the workload ran to its end: every Milvus call succeeded");
    assert.ok(down.verdict.error);
    assert.equal(down.verdict.error.endpoint, outputs.jaegerQueryUrl);

    await docker(["start", `milvus-tracing-${name}-jaeger`]);
    const back = await stack.verify();
    assert.equal(back.code, 0, JSON.stringify(back.verdict?.checks));
  });

  it("destroys every container and the network, and keeps the data volumes it was told to keep", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    assert.equal(await containersOf(name), "");
    assert.equal(await networksOf(name), "");
    assert.deepEqual((await volumesOf(name)).split("\n").sort(), [`milvus-tracing-${name}-jaeger-data`, `milvus-tracing-${name}-milvus-data`]);
  });
});

describe("a secure Docker stack", () => {
  let stack: ThrowawayStack;
  const name = "e2e-secure";
  before(async () => {
    stack = await ThrowawayStack.create("secure", { target: "docker", sampleFraction: 0.1, secure: true, retainData: false, ...images, ...ports(22000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("deploys with a generated CA and verify passes over TLS", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const outputs = await stack.outputs();
    assert.match(String(outputs.caCertificate), /^-----BEGIN CERTIFICATE-----/);
    const { code, verdict } = await stack.verify();
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(verdict.endpoints?.secure, true);
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true]);
    assert.equal(code, 0);
  });

  it("refuses plaintext OTLP", async () => {
    const { code, verdict } = await stack.verify(["--no-secure", "--timeout", "15"], async (stderr) => {
      await waitForOutput(stderr, "calling Milvus");
    });
    assert.equal(code, 2);
    assert.ok(verdict?.error);
    assert.equal(verdict.error.endpoint, "127.0.0.1:22317");
    assert.match(verdict.error.message, /did not accept the client's spans/);
  });

  it("leaves nothing behind on destroy when told not to keep data", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    assert.equal(await containersOf(name), "");
    assert.equal(await networksOf(name), "");
    assert.equal(await volumesOf(name), "");
  });
});

describe("a stack with bad settings", () => {
  it("fails at preview naming each in one list, without a stack trace, and creates nothing", async () => {
    const stack = await ThrowawayStack.create("bad", {
      target: "docker",
      sampleFraction: "1.5",
      milvusMemoryRequest: "16Gi",
      milvusMemoryLimit: "8Gi",
      tlsKey: "PLAIN TEXT KEY",
      otlpMethod: "http",
      ...images,
      ...ports(23000),
    });
    try {
      const secret = await stack.pulumi(["config", "set", "--secret", "--config-file", stack.configFile, "tlsCert", "A CERTIFICATE"]);
      assert.equal(secret.code, 0, secret.output);
      const preview = await stack.preview();
      process.stderr.write(`${preview.output}\n`);
      assert.notEqual(preview.code, 0);
      assert.match(preview.output, /milvus-tracing:sampleFraction = "1\.5" is not allowed: expected a number from 0 to 1/);
      assert.match(preview.output, /milvus-tracing:milvusMemoryRequest = "16Gi" is not allowed: expected at most milvusMemoryLimit \("8Gi"\)/);
      assert.match(preview.output, /milvus-tracing:tlsKey is set in plain text \(value not shown\): expected a secret; set it with pulumi config set --secret tlsKey/);
      assert.doesNotMatch(preview.output, /tlsCert is set in plain text|PLAIN TEXT KEY/);
      assert.match(preview.output, /milvus-tracing:tlsCert and tlsKey are set without tlsCa: expected all of tlsCert, tlsKey, tlsCa as secrets/);
      assert.doesNotMatch(preview.output, /^\s+at .+\(.+:\d+:\d+\)$/m, "no stack trace");
      assert.match(preview.output, /milvus-tracing:otlpMethod = "http" is not allowed: expected grpc\. Milvus sends trace\.otlp\.endpoint/);
      const up = await stack.up();
      assert.notEqual(up.code, 0);
      assert.equal(await containersOf("e2e-bad"), "");
      assert.equal(await networksOf("e2e-bad"), "");
    } finally {
      await stack.remove();
    }
  });
});
