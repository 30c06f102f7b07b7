import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { JaegerStorage } from "../../components/render/jaegerConfig";
import { JaegerQuery } from "../../verify/jaegerQuery";
import type { JaegerTrace } from "../../verify/jaegerTrace";
import type { ShownTrace } from "../../verify/showTrace";
import { startTelemetry } from "../../verify/telemetry";
import { alive, ENDPOINTS, REPO, scratchDir, startJaeger, type RunningServer } from "./harness";

const run = promisify(execFile);
const jaegerQuery = new JaegerQuery(ENDPOINTS.jaegerQuery);

/** Three spans of one trace, sent over OTLP like any client's; returns the trace id. */
async function sendTrace(): Promise<string> {
  const telemetry = startTelemetry({ serviceName: "badger-probe", otlpEndpoint: ENDPOINTS.otlp, secure: false, caPem: undefined });
  const traceId = telemetry.tracer.startActiveSpan("probe root", (root) => {
    for (const name of ["probe step 1", "probe step 2"]) {
      telemetry.tracer.startActiveSpan(name, (step) => {
        step.end();
      });
    }
    root.end();
    return root.spanContext().traceId;
  });
  await telemetry.shutdown();
  assert.deepEqual(telemetry.exportFailures, []);
  return traceId;
}

async function traceWithin(traceId: string, timeoutMs: number): Promise<JaegerTrace | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const trace = await jaegerQuery.trace(traceId);
    if (trace && trace.spans.length === 3) return trace;
    await sleep(200);
  }
  return jaegerQuery.trace(traceId);
}

const operations = (trace: JaegerTrace | undefined): string[] => (trace?.spans.map((span) => span.operationName) ?? []).sort();

describe("Jaeger with Badger storage, as the program renders it by default", () => {
  const dir = scratchDir("badger");
  const storage: JaegerStorage = { backend: "badger", directory: join(dir, "badger"), retention: "72h" };
  let jaeger: RunningServer | undefined;
  let traceId = "";
  before(async () => {
    jaeger = await startJaeger(dir, undefined, storage);
  });
  after(async () => {
    await jaeger?.stop();
  });

  it("stores a trace it receives", async () => {
    traceId = await sendTrace();
    assert.deepEqual(operations(await traceWithin(traceId, 10_000)), ["probe root", "probe step 1", "probe step 2"]);
  });

  it("still returns it after Jaeger stops and starts again", async () => {
    await jaeger?.stop();
    jaeger = await startJaeger(dir, undefined, storage);
    assert.deepEqual(operations(await jaegerQuery.trace(traceId)), ["probe root", "probe step 1", "probe step 2"]);
  });

  it("still returns it after Jaeger is killed (SIGKILL) and started again", async () => {
    const pid = jaeger?.pid;
    assert.ok(pid);
    process.kill(pid, "SIGKILL");
    for (let waited = 0; waited < 5000 && alive(pid); waited += 100) await sleep(100);
    jaeger = await startJaeger(dir, undefined, storage);
    assert.deepEqual(operations(await jaegerQuery.trace(traceId)), ["probe root", "probe step 1", "probe step 2"]);
  });

  it("shows the trace by id as a waterfall (verify --show), text and JSON", async () => {
    const verify = (extra: string[]) =>
      run(join(REPO, "node_modules", ".bin", "tsx"), [join(REPO, "verify", "main.ts"), "--show", traceId, "--jaeger-query", ENDPOINTS.jaegerQuery, ...extra], { cwd: REPO });
    const text = await verify([]);
    process.stdout.write(`${text.stdout}\n`);
    assert.match(text.stdout, new RegExp(`^Trace ${traceId} in Jaeger at ${ENDPOINTS.jaegerQuery}: 3 spans`));
    assert.match(text.stdout, /badger-probe +probe root +█+/);
    assert.match(text.stdout, /badger-probe {3,}probe step 1/);
    const shown = JSON.parse((await verify(["--json"])).stdout) as ShownTrace;
    assert.equal(shown.found, true);
    assert.equal(shown.waterfall?.roots[0]?.children.length, 2);

    const unknown = await run(join(REPO, "node_modules", ".bin", "tsx"), [join(REPO, "verify", "main.ts"), "--show", "0123456789abcdef0123456789abcdef", "--jaeger-query", ENDPOINTS.jaegerQuery], { cwd: REPO }).then(
      () => 0,
      (error: unknown) => (error instanceof Error && "code" in error ? error.code : undefined),
    );
    assert.equal(unknown, 1, "an unknown trace id exits 1");
  });
});
