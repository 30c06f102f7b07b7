import { spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Verdict } from "../verify/report";

export const REPO = join(__dirname, "..");

export interface VerifyRun {
  code: number | null;
  verdict: Verdict | undefined;
  stderr: string;
}

/**
 * Runs `npm run verify`'s program as a person would (a child process, --json), and hands
 * `whileRunning` its progress output so a test can break something mid-run.
 */
export function runVerify(args: string[], options: { env?: NodeJS.ProcessEnv; whileRunning?: (stderrSoFar: () => string) => Promise<void> } = {}): Promise<VerifyRun> {
  // Node itself with tsx's loader, not the tsx wrapper: a kill must reach the process that runs verify.
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "verify", "main.ts"), "--json", ...args], {
    cwd: REPO,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  const during = options.whileRunning ? options.whileRunning(() => stderr) : Promise.resolve();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      during.then(() => {
        let verdict: Verdict | undefined;
        try {
          verdict = JSON.parse(stdout) as Verdict;
        } catch {
          verdict = undefined;
        }
        resolve({ code, verdict, stderr });
      }, reject);
    });
  });
}

/** Waits (bounded) until verify's progress output contains `text`. */
export async function waitForOutput(output: () => string, text: string, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (output().includes(text)) return;
    await sleep(100);
  }
  throw new Error(`verify never printed ${JSON.stringify(text)}`);
}
