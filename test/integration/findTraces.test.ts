import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { TracingSettings } from "../../components/settings/settings";
import type { FoundTraces } from "../../verify/findTraces";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { serviceOf, type JaegerTrace } from "../../verify/jaegerTrace";
import { VERIFY_COLLECTION } from "../../verify/workload";
import { ENDPOINTS, REPO, runVerifyHere, scratchDir, startJaeger, startMilvus, type RunningServer } from "./harness";
import { TAIL_CLIENT_SERVICE, type TailCalls } from "./tailCalls";

const run = promisify(execFile);
const jaeger = new JaegerQuery(ENDPOINTS.jaegerQuery);
const tracing: TracingSettings = { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 };
const WORKLOAD_ROOT = { service: "milvus-verify", operation: "verify: traced Milvus workload" };
const UNTRACED_CALLS = 5;

interface Printed {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run verify -- --find ...` against the Jaeger this test started, as a person runs it (text unless --json). */
function verify(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Printed> {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "verify", "main.ts"), "--jaeger-query", ENDPOINTS.jaegerQuery, ...args], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function find(args: string[]): Promise<FoundTraces> {
  const printed = await verify(["--find", "--json", ...args]);
  assert.ok(printed.code === 0 || printed.code === 1, `--find ${args.join(" ")} exited ${String(printed.code)}: ${printed.stderr}`);
  return JSON.parse(printed.stdout) as FoundTraces;
}

/** Waits (bounded) until each trace has Milvus's spans: they come in batches every 500 ms here. */
async function withMilvusSpans(traceIds: readonly string[]): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 250) {
    const traces = await Promise.all(traceIds.map((id) => jaeger.trace(id)));
    if (traces.every((trace) => trace?.spans.some((span) => serviceOf(trace, span) === "standalone"))) return;
    await sleep(250);
  }
  assert.fail(`Milvus's spans of ${traceIds.length} traces did not all arrive within 20 s`);
}

describe("verify --find against the real Jaeger 2.13 (Badger, the program's default storage) and Milvus 2.3", () => {
  const dir = scratchDir("find");
  let servers: RunningServer[] = [];
  const made = { firstRun: "", secondRun: "", calls: undefined as TailCalls | undefined };
  before(async () => {
    servers = [await startJaeger(dir, undefined, { backend: "badger", directory: join(dir, "badger"), retention: "72h" }), await startMilvus(dir, tracing)];
  });
  after(async () => {
    for (const server of servers.reverse()) await server.stop();
  });

  it("runs a traced workload: verify twice (the first makes the collection), calls that fail, and calls Milvus traces by itself", async (t) => {
    const first = await runVerifyHere([]);
    assert.equal(first.code, 0, first.stderr);
    const { stdout } = await run(process.execPath, ["--import", "tsx", join(REPO, "test", "integration", "tailCalls.ts"), ENDPOINTS.milvus, ENDPOINTS.otlp, VERIFY_COLLECTION], { cwd: REPO, timeout: 60_000 });
    const calls = JSON.parse(stdout) as TailCalls;
    // Without trace context: Milvus's sampler (sampleFraction 1) starts a trace of its own for each.
    const second = await runVerifyHere(["--sample-fraction", "1", "--sampling", String(UNTRACED_CALLS)]);
    assert.equal(second.code, 0, second.stderr);
    assert.ok(first.verdict?.traceId && second.verdict?.traceId);
    made.firstRun = first.verdict.traceId;
    made.secondRun = second.verdict.traceId;
    made.calls = calls;
    // The client gives up on a 1 ms deadline before sending: Milvus never sees those.
    await withMilvusSpans([...calls.strongSearch, ...calls.deadlineInFlight, ...calls.missingCollection, ...calls.fast].map((call) => call.traceId));
    t.diagnostic(`client ms: ${Object.entries(calls).map(([kind, list]) => `${kind} ${list.map((call) => Math.round(call.ms)).join(",")}`).join("; ")}`);
  });

  it("lists the window's traces of Milvus's service, slowest first, each with its root, slowest server step and errors", async (t) => {
    const text = await verify(["--find"]);
    t.diagnostic(`\n${text.stdout}`);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split("\n");
    assert.match(lines[0] ?? "", /^Jaeger at http:\/\/127\.0\.0\.1:16686: the 20 slowest of \d+ traces with a span of service "standalone", from .* UTC \(the last 1h\), slowest first$/);
    assert.match(lines[2] ?? "", /^trace id +start \(UTC\) +duration +spans +errors +root +slowest server step \(own time\)$/);
    assert.ok(lines[3]?.startsWith(`${made.firstRun}  `), `the first run, which made and loaded the collection, is the slowest: ${lines[3] ?? ""}`);

    const list = await find(["--limit", "200"]);
    const calls = made.calls;
    assert.ok(calls);
    assert.equal(list.search.service, "standalone", "Milvus's server service by default");
    assert.equal(list.complete, true);
    const durations = list.traces.map((trace) => trace.durationUs);
    assert.deepEqual(durations, [...durations].sort((a, b) => b - a), "slowest first");
    const byId = new Map(list.traces.map((trace) => [trace.traceId, trace]));
    for (const id of [made.firstRun, made.secondRun]) {
      const found = byId.get(id);
      assert.ok(found, `verify's trace ${id} is listed`);
      assert.deepEqual(found.root, WORKLOAD_ROOT);
      assert.ok(found.slowestServerStep && ["standalone", "segcore"].includes(found.slowestServerStep.service), JSON.stringify(found.slowestServerStep));
      assert.equal(found.error, false);
    }
    const milvusOwn = list.traces.filter((trace) => trace.root.service === "standalone" && trace.root.operation.endsWith("MilvusService/ShowCollections"));
    assert.ok(milvusOwn.length >= UNTRACED_CALLS, `Milvus's own traces of the untraced calls are listed (${milvusOwn.length})`);
    assert.ok(milvusOwn.every((trace) => trace.slowestServerStep !== undefined), "with their slowest server step though no client is above them");
    for (const call of [...calls.strongSearch, ...calls.deadlineInFlight, ...calls.missingCollection, ...calls.fast]) {
      const found = byId.get(call.traceId);
      assert.ok(found, `the ${TAIL_CLIENT_SERVICE} trace ${call.traceId} is listed`);
      assert.equal(found.error, call.failure !== undefined, `error on ${call.traceId} (${call.failure ?? "succeeded"})`);
    }
    for (const call of calls.tinyDeadline) assert.equal(byId.has(call.traceId), false, "a call that never reached Milvus has no span of its service");

    if (process.env.RECORD_JAEGER_FIXTURES === "1") await recordSearchFixture(calls);
  });

  it("filters by --service, --min-duration (a span of that service lasting that long) and --operation, and cuts at --limit", async (t) => {
    const calls = made.calls;
    assert.ok(calls);
    const slow = await find(["--service", TAIL_CLIENT_SERVICE, "--min-duration", "100ms"]);
    t.diagnostic(`--min-duration 100ms: Jaeger returned ${slow.returned}, ${slow.matched} matched: ${slow.traces.map((trace) => `${trace.root.operation} ${Math.round(trace.durationUs / 1000)} ms`).join(", ")}`);
    const listed = new Set(slow.traces.map((trace) => trace.traceId));
    const clientMs = [...calls.strongSearch, ...calls.tinyDeadline, ...calls.deadlineInFlight, ...calls.missingCollection, ...calls.fast];
    // A call's root span is its client time; keep clear of the boundary.
    for (const call of clientMs.filter((c) => c.ms >= 120)) assert.ok(listed.has(call.traceId), `${call.traceId} took ${Math.round(call.ms)} ms`);
    for (const call of clientMs.filter((c) => c.ms < 80)) assert.equal(listed.has(call.traceId), false, `${call.traceId} took ${Math.round(call.ms)} ms`);
    assert.ok(calls.strongSearch.some((call) => listed.has(call.traceId)), "strong searches wait for a time tick: some are listed");
    assert.ok(slow.traces.every((trace) => trace.root.service === TAIL_CLIENT_SERVICE));

    const created = await find(["--operation", "milvus.proto.milvus.MilvusService/CreateCollection"]);
    assert.deepEqual(created.traces.map((trace) => trace.traceId), [made.firstRun], "only the first run created the collection");

    const top = await find(["--limit", "1"]);
    assert.deepEqual(top.traces.map((trace) => trace.traceId), [made.firstRun]);
    assert.ok(top.matched > 1);
  });

  it("says in one line that none matched, naming the window and filters, and exits 1", async () => {
    const none = await verify(["--find", "--min-duration", "10m", "--since", "15m"]);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^verify: no traces in Jaeger at http:\/\/127\.0\.0\.1:16686 with a span of service "standalone", of at least 600\.00 s, from \S+ \S+ to \S+ UTC \(the last 15m\)\n$/);
    const unknown = await verify(["--find", "--service", "standalon"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /; Jaeger has no spans of service "standalon" \(it has: .*standalone.*\)\n$/);
  });

  it("shows a listed trace as a waterfall with --show", async () => {
    const [top] = (await find([])).traces;
    assert.ok(top);
    const shown = await verify(["--show", top.traceId]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Trace ${top.traceId} in Jaeger at ${ENDPOINTS.jaegerQuery}: ${top.spanCount} spans`));
    assert.match(shown.stdout, new RegExp(`\\* slowest server step: ${top.slowestServerStep?.operation ?? "?"} \\(${top.slowestServerStep?.service ?? "?"}\\)`));
  });

  it("exits 2 naming Jaeger when its query API does not answer", async () => {
    const down = await verify(["--find", "--jaeger-query", "http://127.0.0.1:16687"]);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /^verify: ERROR http:\/\/127\.0\.0\.1:16687: Jaeger's query API did not answer/);
  });
});

/**
 * A few traces of each kind as Jaeger's search answered them, for the unit tests: a search of the
 * failing client's service, and one of Milvus's own traces.
 */
async function recordSearchFixture(calls: TailCalls): Promise<void> {
  const now = Date.now();
  const clientTraces = await jaeger.traces(TAIL_CLIENT_SERVICE, now - 600_000, now, 100);
  const picked = new Set([calls.strongSearch[0], calls.tinyDeadline[0], calls.deadlineInFlight[0], calls.missingCollection[0], calls.fast[0]].map((call) => call?.traceId));
  const milvusOwn = (await jaeger.traces("standalone", now - 600_000, now, 100, { operation: "milvus.proto.milvus.MilvusService/ShowCollections" })).find((trace) =>
    trace.spans.every((span) => serviceOf(trace, span) !== "milvus-verify"),
  );
  const data: JaegerTrace[] = [...clientTraces.filter((trace) => picked.has(trace.traceID)), ...(milvusOwn ? [milvusOwn] : [])];
  const kinds = Object.fromEntries(Object.entries(calls).map(([kind, list]) => [kind, list[0]]));
  const recordedWith = { jaeger: "2.13.0 (lab Go build, Badger)", milvus: "2.3.5 (PyPI wheel)", clientService: TAIL_CLIENT_SERVICE, kinds, milvusOwn: milvusOwn?.traceID };
  writeFileSync(join(REPO, "verify", "fixtures", "search-traces.json"), JSON.stringify({ recordedWith, response: { data } }));
}
