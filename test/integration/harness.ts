import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { renderJaegerConfig, type ForwardExport, type JaegerLogin, type JaegerTlsFiles, type JaegerStorage } from "../../components/render/jaegerConfig";
import type { TracePipeline } from "../../components/render/tailSampling";
import { renderMilvusTraceOverlay } from "../../components/render/milvusTraceOverlay";
import type { TracingSettings } from "../../components/settings/settings";
import { REPO, runVerify, type VerifyRun } from "../verifyProcess";
import { overlayToEnv } from "./milvusTraceEnv";

const run = promisify(execFile);
export { REPO };
export { scratchDir } from "../scratch";

/** Where the servers listen inside the test's own network namespace (see run.sh). */
export const ENDPOINTS = {
  milvus: "127.0.0.1:19530",
  jaegerQuery: "http://127.0.0.1:16686",
  otlp: "127.0.0.1:4317",
  jaegerMetrics: "http://127.0.0.1:8888",
} as const;

export interface RunningServer {
  pid: number;
  stop(): Promise<void>;
}


/** Whether the process still exists (signal 0 only asks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops exactly the process the harness started: SIGTERM, then SIGKILL after 10 s. */
async function stopPid(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, "SIGTERM");
  if (await exited(pid, 10_000)) return;
  process.kill(pid, "SIGKILL");
  // Its listeners close only once it is gone: the next scenario binds the same ports.
  if (!(await exited(pid, 10_000))) throw new Error(`pid ${pid} was still there 10 s after SIGKILL`);
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited < withinMs && alive(pid); waited += 100) await sleep(100);
  return !alive(pid);
}

async function startByScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const { stdout } = await run("bash", [join(REPO, script), ...args], { env: { ...process.env, ...env }, timeout: 180_000 });
  const pid = Number(stdout.trim().split("\n").pop());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${script} printed no pid: ${stdout}`);
  return { pid, stop: () => stopPid(pid) };
}

/** The real Jaeger v2 (Go-built, see lab/jaeger) running the config the program renders. */
export async function startJaeger(
  dir: string,
  tls?: JaegerTlsFiles,
  /** "none": Jaeger keeps nothing (forward-only). */
  storage: JaegerStorage | "none" = { backend: "memory", maxTraces: 20_000 },
  options: { login?: JaegerLogin; outsideReceivers?: { grpc: boolean; http: boolean }; pipeline?: TracePipeline; forward?: ForwardExport } = {},
): Promise<RunningServer> {
  const config = join(dir, "jaeger.yaml");
  writeFileSync(config, renderJaegerConfig({ storage: storage === "none" ? undefined : storage, tls, ...options }));
  return startByScript("lab/jaeger/run-local.sh", [config], { JAEGER_LOG: join(dir, "jaeger.log") });
}

/**
 * The real Milvus 2.3 standalone from PyPI (see lab/milvus) with the trace overlay the program
 * renders, passed as environment because Milvus 2.3 reads no user.yaml.
 */
export async function startMilvus(dir: string, tracing: TracingSettings, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const overlay = renderMilvusTraceOverlay(tracing, ENDPOINTS.otlp);
  const batchDelay = { OTEL_BSP_SCHEDULE_DELAY: String(tracing.batchDelayMs) };
  return startByScript("lab/milvus/run-local.sh", [], { ...overlayToEnv(overlay), ...batchDelay, ...extraEnv, MILVUS_BASE: join(dir, "milvus"), MILVUS_FRESH: "1" });
}

export { makeTestCa, type TestCa } from "../testCa";

/** verify against the servers this harness started. */
export function runVerifyHere(args: string[], whileRunning?: (stderrSoFar: () => string) => Promise<void>, env?: NodeJS.ProcessEnv): Promise<VerifyRun> {
  return runVerify(["--milvus", ENDPOINTS.milvus, "--jaeger-query", ENDPOINTS.jaegerQuery, "--otlp", ENDPOINTS.otlp, ...args], { whileRunning, env });
}
