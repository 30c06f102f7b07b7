import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../../components/services/milvusSpanServices";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { countUnparentedServerTraces } from "../../verify/traceAnalysis";
import { waitForTrace } from "../../verify/waitForJaeger";
import { ENDPOINTS, makeTestCa, scratchDir, startJaeger, startMilvus, type RunningServer, type TestCa } from "../integration/harness";
import { recipes } from "./recipes";
import { run, runRecipe, stackEnv, tracing } from "./recipeRun";

/**
 * Why the Python recipe brings its own id generator (and the Java one an older agent): with
 * traceparent flags 03, Milvus takes the call for one without a parent and traces it on its own.
 */
async function randomFlagSplitsTheTrace(): Promise<void> {
  const service = "milvus-client-python-random-flag";
  const startMs = Date.now();
  const { stdout } = await run(process.env.CLIENT_PYTHON ?? "python3", [join(__dirname, "randomFlagClient.py")], {
    env: { ...stackEnv({}), OTEL_SERVICE_NAME: service },
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
      it(`${recipe.language}: the tutorial's client spans, with Milvus's standalone spans below every RPC`, () => runRecipe(recipe, { ca }));
    }
    if (!secure) it("traceparent flags 03 (OpenTelemetry Python's default): Milvus's spans land in a trace of their own", randomFlagSplitsTheTrace);
  });
}
