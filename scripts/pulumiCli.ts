import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";

export const REPO_DIR = join(__dirname, "..");
/** The start script's state backend: a folder in the checkout, ignored by git. */
export const LOCAL_BACKEND_DIR = join(REPO_DIR, ".pulumi", "state");
/** The local backend's secrets passphrase, made once per checkout by the start script. */
export const LOCAL_PASSPHRASE_FILE = join(REPO_DIR, ".pulumi", "passphrase");
/** The Pulumi home and Docker engine the start script deployed the local backend's stacks with. */
export const START_ENV_FILE = join(REPO_DIR, ".pulumi", "start-env.json");

export interface StartEnv {
  pulumiHome: string;
  dockerHost: string | undefined;
}

/** The user's own Pulumi home, where Pulumi's official downloads go. */
export function userPulumiHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.PULUMI_HOME ?? join(homedir(), ".pulumi");
}

/** The project's own Pulumi home for the lab's builds (LAB_PULUMI_HOME in lab/lib.sh). */
export function labPulumiHome(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.MILVUS_TRACING_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "milvus-tracing");
  return join(cache, "pulumi-home");
}

export function writeStartEnv(startEnv: StartEnv): void {
  mkdirSync(dirname(START_ENV_FILE), { recursive: true });
  writeFileSync(START_ENV_FILE, `${JSON.stringify(startEnv, null, 2)}\n`);
}

function readStartEnv(): StartEnv | undefined {
  return existsSync(START_ENV_FILE) ? (JSON.parse(readFileSync(START_ENV_FILE, "utf8")) as StartEnv) : undefined;
}

/**
 * Environment for the pinned Pulumi CLI: the local file backend and passphrase file that the start
 * script set up, with the Pulumi home and Docker engine it deployed them with, unless the caller
 * already chose a backend (and so brings its own home); never a download.
 */
export function pulumiEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  if (env.PULUMI_BACKEND_URL === undefined && existsSync(LOCAL_BACKEND_DIR)) {
    env.PULUMI_BACKEND_URL = `file://${LOCAL_BACKEND_DIR}`;
    const started = readStartEnv();
    if (started) env.PULUMI_HOME = started.pulumiHome;
    if (started?.dockerHost) env.DOCKER_HOST = started.dockerHost;
  }
  if (env.PULUMI_CONFIG_PASSPHRASE === undefined && env.PULUMI_CONFIG_PASSPHRASE_FILE === undefined && existsSync(LOCAL_PASSPHRASE_FILE)) {
    env.PULUMI_CONFIG_PASSPHRASE_FILE = LOCAL_PASSPHRASE_FILE;
  }
  return env;
}

/** The project's pinned CLI launcher (devDependency `pulumi`): it downloads the CLI when missing. */
export const PULUMI_BIN = join(REPO_DIR, "node_modules", ".bin", "pulumi");

/** The CLI version the launcher is pinned to. */
export const PINNED_VERSION = (JSON.parse(readFileSync(join(REPO_DIR, "node_modules", "pulumi", "package.json"), "utf8")) as { version: string }).version;

/** Where the launcher installs the pinned CLI in a Pulumi home. */
export function pinnedCli(home: string): string {
  return join(home, "versions", PINNED_VERSION, "bin", "pulumi");
}

export interface PulumiInvocation {
  command: string;
  env: NodeJS.ProcessEnv;
}

/**
 * How to run the pinned CLI with `env`: its binary straight from the Pulumi home the launcher
 * installs into (versions/<version>/bin, as Pulumi's Automation API lays it out), with that
 * folder first on PATH for the language host next to it, as the launcher does; the launcher
 * itself only when the binary is not there yet. Skipping the launcher's own Node start saves
 * about 0.3 s on every command (bench:deploy, verify).
 */
export function pulumiInvocation(env: NodeJS.ProcessEnv): PulumiInvocation {
  const binary = pinnedCli(userPulumiHome(env));
  const bin = dirname(binary);
  if (!existsSync(binary)) return { command: PULUMI_BIN, env };
  return { command: binary, env: { ...env, PATH: [bin, env.PATH].filter(Boolean).join(delimiter) } };
}

export async function pulumiOutput(args: string[], env: NodeJS.ProcessEnv = pulumiEnv()): Promise<string> {
  const pulumi = pulumiInvocation(env);
  const { stdout } = await promisify(execFile)(pulumi.command, args, { cwd: REPO_DIR, env: pulumi.env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}
