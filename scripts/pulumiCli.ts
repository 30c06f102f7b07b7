import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const REPO_DIR = join(__dirname, "..");
/** The start script's state backend: a folder in the checkout, ignored by git. */
export const LOCAL_BACKEND_DIR = join(REPO_DIR, ".pulumi", "state");
/** The local backend's secrets passphrase, made once per checkout by the start script. */
export const LOCAL_PASSPHRASE_FILE = join(REPO_DIR, ".pulumi", "passphrase");

/**
 * Environment for the pinned Pulumi CLI: the local file backend and passphrase file that the start
 * script set up, unless the caller already chose a backend; never a download. The program runs
 * transpile-only (about 3 s faster per run): `npm run build` is where it is type-checked.
 */
export function pulumiEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...base,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  if (env.PULUMI_BACKEND_URL === undefined && existsSync(LOCAL_BACKEND_DIR)) env.PULUMI_BACKEND_URL = `file://${LOCAL_BACKEND_DIR}`;
  if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined && existsSync(LOCAL_PASSPHRASE_FILE)) {
    env.PULUMI_CONFIG_PASSPHRASE_FILE = LOCAL_PASSPHRASE_FILE;
  }
  return env;
}

/** The project's pinned CLI launcher (devDependency `pulumi`). */
export const PULUMI_BIN = join(REPO_DIR, "node_modules", ".bin", "pulumi");

export async function pulumiOutput(args: string[], env: NodeJS.ProcessEnv = pulumiEnv()): Promise<string> {
  const { stdout } = await promisify(execFile)(PULUMI_BIN, args, { cwd: REPO_DIR, env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
