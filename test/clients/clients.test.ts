import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { DataType, MilvusClient } from "@zilliz/milvus2-sdk-node";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../../components/services/milvusSpanServices";
import type { TracingSettings } from "../../components/settings/settings";
import { traceChecks } from "../../verify/checks";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { serviceOf, type JaegerTrace } from "../../verify/jaegerTrace";
import { countUnparentedServerTraces } from "../../verify/traceAnalysis";
import { waitForTrace } from "../../verify/waitForJaeger";
import { ENDPOINTS, makeTestCa, REPO, scratchDir, startJaeger, startMilvus, type RunningServer, type TestCa } from "../integration/harness";
import { recipes, type Recipe } from "./recipes";

const run = promisify(execFile);
const TRACE_WAIT_MS = 30_000;

/**
 * A collection by the recipe's name before it runs, so that its tutorial takes the drop path too.
 * Made by an untraced client: nothing of it is in the recipe's trace.
 */
async function leaveCollection(name: string): Promise<void> {
  const client = new MilvusClient({ address: ENDPOINTS.milvus, telemetry: { enabled: false }, logLevel: "error" });
  try {
    const made = await client.createCollection({
      collection_name: name,
      fields: [
        { name: "id", data_type: DataType.Int64, is_primary_key: true, autoID: false },
        { name: "vector", data_type: DataType.FloatVector, dim: 8 },
      ],
    });
    assert.equal(made.error_code, "Success", `collection ${name} made before the recipe runs: ${made.reason}`);
  } finally {
    await client.closeConnection();
  }
}

/** The environment a user sets from the stack's outputs (README "Trace your application"). */
function stackEnv(ca: TestCa | undefined): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MILVUS_ADDRESS: ENDPOINTS.milvus,
    OTEL_EXPORTER_OTLP_ENDPOINT: `${ca ? "https" : "http"}://${ENDPOINTS.otlp}`,
    ...(ca ? { OTEL_EXPORTER_OTLP_CERTIFICATE: ca.caFile } : {}),
  };
}

/** Spans per service, e.g. "milvus-client-go 9, standalone 61". */
function spansPerService(trace: JaegerTrace): string {
  const counts = new Map<string, number>();
  for (const span of trace.spans) counts.set(serviceOf(trace, span), (counts.get(serviceOf(trace, span)) ?? 0) + 1);
  return [...counts].map(([service, count]) => `${service} ${count}`).join(", ");
}

async function runRecipe(recipe: Recipe, ca: TestCa | undefined): Promise<void> {
  await leaveCollection(recipe.collection);
  const [command, ...args] = recipe.command;
  assert.ok(command);
  const started = performance.now();
  const { stdout, stderr } = await run(command, args, { cwd: REPO, env: stackEnv(ca), timeout: 180_000 });
  const ranMs = performance.now() - started;
  const traceId = /^([0-9a-f]{32})$/m.exec(stdout)?.[1];
  assert.ok(traceId, `${recipe.language} printed its trace id on a line of its own; stdout: ${stdout}; stderr: ${stderr}`);
  assert.match(stderr, /search: 3 hits/, `${recipe.language} searched and found rows`);

  const services = { client: recipe.service, milvus: MILVUS_STANDALONE_SPAN_SERVICES };
  const calls = recipe.rpcs.map((rpc) => ({ step: rpc, rpc, ms: 0 }));
  const waitStarted = performance.now();
  const found = await waitForTrace(new JaegerQuery(ENDPOINTS.jaegerQuery), { traceId, calls, totalMs: ranMs }, services, waitStarted + TRACE_WAIT_MS, () => undefined);
  const checks = traceChecks(found.analysis, calls, found.completeAt - waitStarted, services.milvus.server);
  const { trace, analysis } = found;
  const report = [`${recipe.language}: trace ${traceId}, ran in ${(ranMs / 1000).toFixed(1)} s`, ...checks.map((check) => `${check.passed ? "✔" : "✘"} ${check.name}: ${check.detail}`)];
  if (trace) report.push(`spans per service: ${spansPerService(trace)}`);
  if (analysis) report.push(`client RPC spans: ${[...analysis.clientSpansByRpc].map(([rpc, count]) => `${rpc} ${count}`).join(", ")}`);
  process.stdout.write(`# ${report.join("\n#   ")}\n`);

  assert.deepEqual(
    checks.filter((check) => !check.passed).map((check) => `${check.name}: ${check.detail}`),
    [],
    `verify's trace checks pass for the ${recipe.language} recipe`,
  );
  assert.ok(analysis);
  assert.equal(analysis.clientSpansWithServerChild, analysis.clientRpcSpans, "every client RPC span has Milvus server spans below it");
}

/**
 * Why the Python recipe brings its own id generator (and the Java one an older agent): with
 * traceparent flags 03, Milvus takes the call for one without a parent and traces it on its own.
 */
async function randomFlagSplitsTheTrace(): Promise<void> {
  const service = "milvus-client-python-random-flag";
  const startMs = Date.now();
  const { stdout } = await run(process.env.CLIENT_PYTHON ?? "python3", [join(__dirname, "randomFlagClient.py")], {
    env: { ...stackEnv(undefined), OTEL_SERVICE_NAME: service },
    timeout: 60_000,
  });
  const [traceId, flags] = stdout.trim().split(" ");
  assert.ok(traceId && /^[0-9a-f]{32}$/.test(traceId), `printed a trace id: ${stdout}`);
  assert.equal(flags, "03", "OpenTelemetry Python's default id generator sets the random flag");

  const services = { client: service, milvus: MILVUS_STANDALONE_SPAN_SERVICES };
  const calls = [{ step: "list collections", rpc: "ShowCollections", ms: 0 }];
  // A whole batch interval of Milvus's exporter (500 ms here) and more: its spans would be in by then.
  const found = await waitForTrace(new JaegerQuery(ENDPOINTS.jaegerQuery), { traceId, calls, totalMs: 0 }, services, performance.now() + 6000, () => undefined);
  assert.ok(found.analysis, "the client's trace is in Jaeger");
  assert.deepEqual(found.analysis.missingRpcs, [], "with its client span for ShowCollections");
  assert.equal(found.analysis.serverSpans, 0, "and no Milvus span in it");
  const milvusTraces = await new JaegerQuery(ENDPOINTS.jaegerQuery).traces(MILVUS_STANDALONE_SPAN_SERVICES.server, startMs, Date.now(), 1000);
  assert.ok(countUnparentedServerTraces(milvusTraces, "ShowCollections", services) >= 1, "Milvus traced the call in a trace of its own");
}

const tracing = (secure: boolean): TracingSettings => ({ sampleFraction: 1, secure, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 });

for (const secure of [false, true]) {
  describe(`client recipes, ${secure ? "TLS with the stack's CA" : "plaintext OTLP"}`, () => {
    const dir = scratchDir(secure ? "clients-tls" : "clients-plain");
    let ca: TestCa | undefined;
    let jaeger: RunningServer | undefined;
    let milvus: RunningServer | undefined;
    before(async () => {
      ca = secure ? await makeTestCa(dir) : undefined;
      jaeger = await startJaeger(dir, ca ? { certFile: ca.certFile, keyFile: ca.keyFile } : undefined);
      milvus = await startMilvus(dir, tracing(secure), ca ? { SSL_CERT_FILE: ca.caFile } : {});
    });
    after(async () => {
      await milvus?.stop();
      await jaeger?.stop();
    });

    for (const recipe of recipes()) {
      it(`${recipe.language}: the tutorial's client spans, with Milvus's standalone spans below every RPC`, () => runRecipe(recipe, ca));
    }
    if (!secure) it("traceparent flags 03 (OpenTelemetry Python's default): Milvus's spans land in a trace of their own", randomFlagSplitsTheTrace);
  });
}
