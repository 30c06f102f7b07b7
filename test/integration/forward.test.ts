import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ForwardExport } from "../../components/render/jaegerConfig";
import type { TracingSettings } from "../../components/settings/settings";
import { countersSince, readCollectorCounters, type CollectorCounters } from "../../verify/collectorCounters";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { parentOf, serviceOf, type JaegerTrace } from "../../verify/jaegerTrace";
import { basicAuthorization } from "../../verify/login";
import { teamBackendConfig } from "../teamBackend";
import { ENDPOINTS, makeTestCa, REPO, runVerifyHere, scratchDir, startJaeger, startMilvus, type RunningServer, type TestCa } from "./harness";
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);
const tracing: TracingSettings = { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 };

/** The team's backend: a second Jaeger on other loopback ports, its OTLP receiver asking for TLS and basic auth. */
const BACKEND = { otlp: "127.0.0.1:14317", otlpHttp: "127.0.0.1:14318", query: "http://127.0.0.1:26686", queryGrpc: "127.0.0.1:26685", health: 23133, metrics: 18888, nothingListening: "127.0.0.1:14399" } as const;
/** Longer than the batch processor's timeout (200 ms by default) and one export round trip. */
const BATCH_SETTLE_MS = 3000;
const TEAM = { username: "team", password: "Vq4Lx8Nc2Tz6Rb1Km9Hd3Ws7Yf5Pj0Ga" };

function backendConfig(ca: TestCa): string {
  const host = (hostPort: string): string => hostPort.replace("http://", "");
  const listeners = { otlpGrpc: BACKEND.otlp, otlpHttp: BACKEND.otlpHttp, query: host(BACKEND.query), queryGrpc: BACKEND.queryGrpc, health: `127.0.0.1:${BACKEND.health}`, metrics: { host: "127.0.0.1", port: BACKEND.metrics } };
  return teamBackendConfig(listeners, ca, TEAM);
}

async function startBackend(dir: string, ca: TestCa): Promise<RunningServer> {
  const config = join(dir, "backend.yaml");
  writeFileSync(config, backendConfig(ca));
  const { stdout } = await run("bash", [join(REPO, "lab/jaeger/run-local.sh"), config], {
    env: { ...process.env, JAEGER_HEALTH_PORT: String(BACKEND.health), JAEGER_LOG: join(dir, "backend.log") },
    timeout: 180_000,
  });
  const pid = Number(stdout.trim().split("\n").pop());
  assert.ok(Number.isInteger(pid) && pid > 0, stdout);
  return {
    pid,
    stop: async () => {
      process.kill(pid, "SIGTERM");
      for (let waited = 0; waited < 10_000; waited += 100) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.kill(pid, "SIGKILL");
    },
  };
}

describe("Jaeger 2.13 forwarding to the team's backend (a second Jaeger asking for TLS and basic auth)", () => {
  const dir = scratchDir("forward");
  let ca: TestCa | undefined;
  let backend: RunningServer | undefined;
  let milvus: RunningServer | undefined;
  let jaeger: RunningServer | undefined;
  before(async () => {
    ca = await makeTestCa(dir);
    backend = await startBackend(dir, ca);
    milvus = await startMilvus(dir, tracing);
  });
  after(async () => {
    await jaeger?.stop();
    await milvus?.stop();
    await backend?.stop();
  });

  const forwardTo = (password: string): ForwardExport => {
    assert.ok(ca);
    return {
      protocol: "grpc",
      endpoint: BACKEND.otlp,
      insecure: false,
      caFile: ca.caFile,
      headers: { authorization: basicAuthorization({ ...TEAM, password }) },
      queueSpans: 20_000,
      retrySeconds: 120,
    };
  };
  const restartJaeger = async (mode: "local-and-forward" | "forward-only", password = TEAM.password, protocol: "grpc" | "http" = "grpc", override: Partial<ForwardExport> = {}): Promise<void> => {
    await jaeger?.stop();
    const forward = { ...forwardTo(password), ...(protocol === "http" ? { protocol, endpoint: `https://${BACKEND.otlpHttp}` } : {}), ...override };
    jaeger = await startJaeger(join(dir), undefined, mode === "forward-only" ? "none" : undefined, { forward });
  };
  const verifyWithBackend = (extra: string[], backendQuery: string = BACKEND.query) =>
    runVerifyHere(["--backend-query", backendQuery, "--jaeger-metrics", ENDPOINTS.jaegerMetrics, ...extra], undefined, {
      ...process.env,
      VERIFY_BACKEND_USER: TEAM.username,
      VERIFY_BACKEND_PASSWORD: TEAM.password,
    });

  it("local-and-forward: verify's trace, client and Milvus spans, is in Jaeger and in the backend", async () => {
    await restartJaeger("local-and-forward");
    const { code, verdict, stderr } = await verifyWithBackend([]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(
      verdict?.checks.map((check) => `${check.name}: ${String(check.passed)}`),
      ["trace in Jaeger", "client span per RPC", "Milvus server spans in the trace", `trace in the backend ${BACKEND.query}`, "backend: client span per RPC", "backend: Milvus server spans in the trace"].map(
        (name) => `${name}: true`,
      ),
    );
    const collector = verdict.collector;
    assert.ok(collector && typeof collector === "object" && collector.forward, JSON.stringify(collector));
    assert.ok(collector.forward.sent > 0 && collector.forward.failed === 0, JSON.stringify(collector.forward));
  });

  it("forward-only: Jaeger keeps nothing and has no query API; the trace is in the backend", async () => {
    await restartJaeger("forward-only");
    const local = await fetch(`${ENDPOINTS.jaegerQuery}/api/services`).then(
      () => "answered",
      () => "refused",
    );
    assert.equal(local, "refused", "no query API on Jaeger");
    const { code, verdict, stderr } = await verifyWithBackend(["--forward-only"]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(
      verdict?.checks.map((check) => check.passed),
      [true, true, true],
    );
    assert.equal(verdict.checks[0]?.name, `trace in the backend ${BACKEND.query}`);
  });

  it("forward-only over OTLP/HTTP (otlphttp, https with the CA and the header): the trace is in the backend", async () => {
    await restartJaeger("forward-only", TEAM.password, "http");
    const { code, verdict, stderr } = await verifyWithBackend(["--forward-only"]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(
      verdict?.checks.map((check) => check.passed),
      [true, true, true],
    );
    const collector = verdict.collector;
    assert.ok(collector && typeof collector === "object" && collector.forward?.exporter === "otlphttp/forward", JSON.stringify(collector));
  });

  it("the backend read through its OTLP JSON (Jaeger v2's /api/v3): verify finds its trace whole there, as Jaeger's own JSON has it", async () => {
    await restartJaeger("local-and-forward");
    const v3 = `${BACKEND.query}/api/v3/traces`;
    const { code, verdict, stderr } = await verifyWithBackend(["--backend-api", "otlp-json"], v3);
    assert.equal(code, 0, stderr);
    assert.deepEqual(
      verdict?.checks.map((check) => `${check.name}: ${String(check.passed)}`),
      ["trace in Jaeger", "client span per RPC", "Milvus server spans in the trace", `trace in the backend ${v3}`, "backend: client span per RPC", "backend: Milvus server spans in the trace"].map(
        (name) => `${name}: true`,
      ),
    );
    // The same trace from the same backend, in Jaeger's JSON and in OTLP JSON converted by verify, span for span.
    const traceId = verdict.traceId ?? "";
    const asJaeger = await new JaegerQuery(BACKEND.query, undefined, TEAM).trace(traceId);
    const asOtlp = await new JaegerQuery(v3, undefined, TEAM, undefined, "otlp-json").trace(traceId);
    const shape = (trace: JaegerTrace) => trace.spans.map((span) => [span.spanID, parentOf(span) ?? "", serviceOf(trace, span), span.operationName, span.startTime, span.duration].join(" ")).sort();
    assert.ok(asJaeger && asOtlp && asJaeger.spans.length > 0);
    assert.deepEqual(shape(asOtlp), shape(asJaeger));
    // Both answers stay in the scratch dir: verify/fixtures/jaeger-2.13-api-*.json were recorded so.
    const raw = await fetch(`${v3}/${traceId}`, { headers: { authorization: basicAuthorization(TEAM) } });
    writeFileSync(join(dir, "backend-api-v3-trace.json"), await raw.text());
    writeFileSync(join(dir, "backend-api-trace.json"), JSON.stringify(await (await fetch(`${BACKEND.query}/api/traces/${traceId}`, { headers: { authorization: basicAuthorization(TEAM) } })).json()));
    process.stderr.write(`[forward otlp-json] ${asOtlp.spans.length} spans read through ${v3}; answers kept in ${dir}\n`);
  });

  it("wrong credentials: verify exits 2 naming the backend and the refused spans", async () => {
    await restartJaeger("local-and-forward", "not-the-team-password");
    const { code, verdict, stderr } = await verifyWithBackend(["--timeout", "20"]);
    assert.equal(code, 2, stderr);
    assert.match(verdict?.error?.endpoint ?? "", /^backend http:\/\/127\.0\.0\.1:26686 \(Jaeger's forwarder otlp\/forward\)$/);
    assert.match(verdict?.error?.message ?? "", /could not deliver \d+ spans .*: the backend refused the spans outright/);
  });

  /** What Jaeger's own log said about the forward: its "Exporting failed" lines carry the cause its counters do not. */
  const exportFailures = (): string =>
    readFileSync(join(dir, "jaeger.log"), "utf8")
      .split("\n")
      .filter((line) => /Exporting failed/.test(line))
      .join("\n");

  it("a TLS error (forwardCa a CA that did not sign the backend's certificate): verify exits 2 naming the backend and the failed handshake", async () => {
    const otherDir = join(dir, "other-ca");
    mkdirSync(otherDir, { recursive: true });
    const otherCa = await makeTestCa(otherDir);
    await restartJaeger("local-and-forward", TEAM.password, "grpc", { caFile: otherCa.caFile });
    const { code, verdict, stderr } = await verifyWithBackend(["--timeout", "20"]);
    assert.equal(code, 2, stderr);
    assert.match(verdict?.error?.endpoint ?? "", /^backend http:\/\/127\.0\.0\.1:26686 \(Jaeger's forwarder otlp\/forward\)$/);
    assert.match(verdict?.error?.message ?? "", /delivered no span .*queued for retry\): the backend did not take them.*TLS handshake/);
    const logged = exportFailures();
    process.stderr.write(`[forward tls] ${verdict?.error?.message ?? ""}\n[forward tls] Jaeger's log: ${logged.split("\n")[0] ?? ""}\n`);
    assert.match(logged, /x509: certificate signed by unknown authority/);
  });

  it("an unreachable endpoint (nothing listening): verify exits 2 naming the backend and the spans it could not deliver", async () => {
    await restartJaeger("local-and-forward", TEAM.password, "grpc", { endpoint: BACKEND.nothingListening });
    const { code, verdict, stderr } = await verifyWithBackend(["--timeout", "20"]);
    assert.equal(code, 2, stderr);
    assert.match(verdict?.error?.endpoint ?? "", /^backend http:\/\/127\.0\.0\.1:26686 \(Jaeger's forwarder otlp\/forward\)$/);
    assert.match(verdict?.error?.message ?? "", /delivered no span .*queued for retry\): the backend did not take them.*unreachable/);
    const logged = exportFailures();
    process.stderr.write(`[forward unreachable] ${verdict?.error?.message ?? ""}\n[forward unreachable] Jaeger's log: ${logged.split("\n")[0] ?? ""}\n`);
    assert.match(logged, /connection refused/);
  });

  it("the backend down for 30 s and started again: no span lost, counted by Jaeger's forwarder and by the backend", async () => {
    assert.ok(ca && backend);
    await restartJaeger("local-and-forward");
    const forwarder = (): Promise<CollectorCounters> => readCollectorCounters(ENDPOINTS.jaegerMetrics);
    const before = await forwarder();
    await backend.stop();
    // Read once the old backend is gone: nothing the forwarder counts as sent from here on went to it.
    const sentToOldBackend = (await forwarder()).forward?.sent ?? 0;
    const downAt = Date.now();
    let peakQueue = 0;
    const watching = (async () => {
      while (Date.now() - downAt < 30_000) {
        peakQueue = Math.max(peakQueue, (await forwarder()).forward?.queueSize ?? 0);
        await sleep(500);
      }
    })();
    const down = await verifyWithBackend(["--timeout", "15"]);
    assert.equal(down.code, 2, down.stderr);
    assert.match(down.verdict?.error?.message ?? "", /queued for retry\): the backend did not take them/);
    await watching;
    backend = await startBackend(dir, ca);
    const restartedAt = Date.now();

    // The exporter retries with backoff up to 30 s between attempts (max_interval).
    let drained = await forwarder();
    while (Date.now() - restartedAt < 60_000 && (drained.forward?.queueSize ?? 1) > 0) {
      await sleep(1000);
      drained = await forwarder();
    }
    // Milvus keeps sending its background spans, so accepted and sent are never equal at one
    // instant: what Jaeger had taken when its queue drained must have left it a batch later.
    await sleep(BATCH_SETTLE_MS);
    const settled = await forwarder();
    const backendAccepted = (await readCollectorCounters(`http://127.0.0.1:${BACKEND.metrics}`)).receiverAccepted;
    const takenByDrain = countersSince(before, drained).receiverAccepted;
    const window = countersSince(before, settled);
    const sentToNewBackend = (settled.forward?.sent ?? 0) - sentToOldBackend;
    const traceId = down.verdict?.traceId ?? "";
    const local = await new JaegerQuery(ENDPOINTS.jaegerQuery).trace(traceId);
    const remote = await new JaegerQuery(BACKEND.query, undefined, TEAM).trace(traceId);
    const summary = {
      downSeconds: Math.round((restartedAt - downAt) / 1000),
      drainedSecondsAfterRestart: Math.round((Date.now() - BATCH_SETTLE_MS - restartedAt) / 1000),
      acceptedByJaegerUntilDrained: takenByDrain,
      acceptedByJaeger: window.receiverAccepted,
      forwarded: window.forward?.sent,
      forwardFailed: window.forward?.failed,
      enqueueFailed: window.forward?.enqueueFailed,
      sentToNewBackend,
      backendAccepted,
      peakQueueSpans: peakQueue,
      verifyTraceSpans: { jaeger: local?.spans.length, backend: remote?.spans.length },
    };
    process.stderr.write(`[forward outage] ${JSON.stringify(summary)}\n`);
    assert.ok(summary.downSeconds >= 30);
    assert.equal(drained.forward?.queueSize, 0, "the queue drained within 60 s of the backend's return");
    assert.ok(takenByDrain > 0);
    assert.equal(window.forward?.failed, 0);
    assert.equal(window.forward.enqueueFailed, 0);
    assert.ok(window.forward.sent >= takenByDrain, `every span Jaeger took reached the backend: ${window.forward.sent} sent of ${takenByDrain}`);
    assert.ok(sentToNewBackend > 0);
    assert.ok(backendAccepted >= sentToNewBackend, `the backend took every span the forwarder sent it: ${backendAccepted} of ${sentToNewBackend}`);
    assert.ok(local && remote && local.spans.length > 0);
    assert.equal(remote.spans.length, local.spans.length, "verify's trace whole in the backend");
  });
});
