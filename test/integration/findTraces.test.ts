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
    // A 1 ms deadline often expires before the call reaches Milvus: those may have no Milvus spans.
    await withMilvusSpans([...calls.strongSearch, ...calls.deadlineInFlight, ...calls.missingCollection, ...calls.fast].map((call) => call.traceId));
    t.diagnostic(`client ms: ${Object.entries(calls).map(([kind, list]) => `${kind} ${list.map((call) => Math.round(call.ms)).join(",")}`).join("; ")}`);
  });

  it("lists the window's traces of Milvus's service, slowest first, each with its root, slowest server step and errors", async (t) => {
    const calls = made.calls;
    assert.ok(calls);
    // At sampleFraction 1 Milvus traces its own background calls too, about 20 a second here.
    const everything = await verify(["--find"]);
    t.diagnostic(`\n${everything.stdout}`);
    assert.equal(everything.code, 0, everything.stderr);
    assert.match(everything.stdout, /\nJaeger answered with its newest 100 matches \(back to (\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{3}\), as many as --find asks for/);

    const slow = await verify(["--find", "--min-duration", "100ms"]);
    t.diagnostic(`\n${slow.stdout}`);
    assert.equal(slow.code, 0, slow.stderr);
    const lines = slow.stdout.split("\n");
    assert.match(lines[0] ?? "", /^Jaeger at http:\/\/127\.0\.0\.1:16686: \d+ traces with a span of service "standalone", of at least 100\.0 ms, from .* UTC \(the last 1h\), slowest first$/);
    assert.match(lines[2] ?? "", /^trace id +start \(UTC\) +duration +spans +errors +root +slowest server step \(own time\)$/);
    assert.ok(lines[3]?.startsWith(`${made.firstRun}  `), `the first run, which made and loaded the collection, is the slowest: ${lines[3] ?? ""}`);

    const list = await find(["--min-duration", "100ms"]);
    assert.equal(list.search.service, "standalone", "Milvus's server service by default");
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
    for (const call of calls.strongSearch) {
      assert.deepEqual(byId.get(call.traceId)?.root, { service: TAIL_CLIENT_SERVICE, operation: "strong search" }, "a Strong search waits for a time tick: over 100 ms in Milvus");
    }

    const client = await find(["--service", TAIL_CLIENT_SERVICE, "--limit", "50"]);
    const all = Object.values(calls).flat();
    // The SDK's own Connect call, outside any root span, is one more.
    assert.ok(client.traces.length >= all.length, "every call of the client is its own trace");
    for (const call of all) {
      const found = client.traces.find((trace) => trace.traceId === call.traceId);
      assert.ok(found, call.traceId);
      assert.equal(found.root.service, TAIL_CLIENT_SERVICE);
      assert.equal(found.error, call.failure !== undefined, `error on ${call.traceId} (${call.failure ?? "succeeded"})`);
    }

    const shown = await find(["--operation", "milvus.proto.milvus.MilvusService/ShowCollections", "--limit", "50"]);
    const milvusOwn = shown.traces.filter((trace) => trace.root.service === "standalone");
    assert.ok(milvusOwn.length >= UNTRACED_CALLS, `Milvus's own traces of verify's untraced calls (${milvusOwn.length})`);
    assert.ok(milvusOwn.every((trace) => trace.root.operation === "milvus.proto.milvus.MilvusService/ShowCollections" && trace.slowestServerStep !== undefined), "with a slowest server step though no client is above them");
    assert.ok(calls.fast.every((call) => shown.traces.some((trace) => trace.traceId === call.traceId)), "and the client's ShowCollections");

    if (process.env.RECORD_JAEGER_FIXTURES === "1") await recordSearchFixture(calls);
  });

  it("filters by --service, --min-duration (a span of that service lasting that long) and --operation, and cuts at --limit", async (t) => {
    const calls = made.calls;
    assert.ok(calls);
    const slow = await find(["--service", TAIL_CLIENT_SERVICE, "--min-duration", "100ms"]);
    t.diagnostic(`--min-duration 100ms: ${slow.traces.map((trace) => `${trace.root.operation} ${Math.round(trace.durationUs / 1000)} ms`).join(", ")}`);
    const listed = new Set(slow.traces.map((trace) => trace.traceId));
    // A call's root span is its client time; keep clear of the boundary.
    const all = Object.values(calls).flat();
    for (const call of all.filter((c) => c.ms >= 120)) assert.ok(listed.has(call.traceId), `${call.traceId} took ${Math.round(call.ms)} ms`);
    for (const call of all.filter((c) => c.ms < 80)) assert.equal(listed.has(call.traceId), false, `${call.traceId} took ${Math.round(call.ms)} ms`);
    assert.ok(slow.traces.every((trace) => trace.root.service === TAIL_CLIENT_SERVICE));

    // Badger matches minDuration on any span of a trace: verify's root span outlasts every
    // Milvus span of its trace, so Jaeger answers with the trace, and --find drops it.
    const first = await jaeger.trace(made.firstRun);
    assert.ok(first);
    const longest = (service: string) => Math.max(...first.spans.filter((span) => serviceOf(first, span) === service).map((span) => span.duration));
    const [milvusUs, rootUs] = [longest("standalone"), longest(WORKLOAD_ROOT.service)];
    assert.ok(rootUs > 2 * milvusUs, `verify's root ${rootUs} us, Milvus's longest span ${milvusUs} us`);
    const between = `${Math.round((milvusUs + rootUs) / 2000)}ms`;
    const now = Date.now();
    const raw = await jaeger.traces("standalone", now - 600_000, now, 100, { minDurationUs: (milvusUs + rootUs) / 2 });
    t.diagnostic(`minDuration ${between}: Jaeger's Badger answered ${raw.map((trace) => trace.traceID).join(", ") || "nothing"}`);
    assert.ok(raw.some((trace) => trace.traceID === made.firstRun), "Badger matched it on verify's own span");
    const strict = await find(["--min-duration", between]);
    assert.equal(strict.traces.some((trace) => trace.traceId === made.firstRun), false, "no standalone span lasts that long");
    assert.ok(strict.returned > strict.matched);

    const created = await find(["--operation", "milvus.proto.milvus.MilvusService/CreateCollection"]);
    assert.deepEqual(created.traces.map((trace) => trace.traceId), [made.firstRun], "only the first run created the collection");

    const top = await find(["--min-duration", "100ms", "--limit", "1"]);
    assert.deepEqual(top.traces.map((trace) => trace.traceId), [made.firstRun]);
    assert.ok(top.matched > 1);
  });

  it("says in one line that none matched, naming the window and filters, and exits 1", async () => {
    const none = await verify(["--find", "--min-duration", "10m", "--since", "15m"]);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /^verify: no traces in Jaeger at http:\/\/127\.0\.0\.1:16686 with a span of service "standalone", of at least 600\.00 s, from \S+ \S+ to (\S+ )?\S+ UTC \(the last 15m\)\n$/);
    const unknown = await verify(["--find", "--service", "standalon"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /; Jaeger has no spans of service "standalon" \(it has: .*standalone.*\)\n$/);
  });

  it("shows a listed trace as a waterfall with --show", async () => {
    const [top] = (await find(["--min-duration", "100ms"])).traces;
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
    trace.spans.every((span) => ["standalone", "segcore"].includes(serviceOf(trace, span))),
  );
  const data: JaegerTrace[] = [...clientTraces.filter((trace) => picked.has(trace.traceID)), ...(milvusOwn ? [milvusOwn] : [])];
  const kinds = Object.fromEntries(Object.entries(calls).map(([kind, list]) => [kind, list[0]]));
  const recordedWith = { jaeger: "2.13.0 (lab Go build, Badger)", milvus: "2.3.5 (PyPI wheel)", clientService: TAIL_CLIENT_SERVICE, kinds, milvusOwn: milvusOwn?.traceID };
  writeFileSync(join(REPO, "verify", "fixtures", "search-traces.json"), JSON.stringify({ recordedWith, response: { data } }));
}
