import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { SETTING_KEYS } from "../components/settings/settingKeys";
import { LOCAL_BACKEND_DIR, LOCAL_PASSPHRASE_FILE, PULUMI_BIN, pulumiEnv, REPO_DIR } from "./pulumiCli";
import { ensureStack, PROJECT, writeStackConfigFile } from "./stackConfigFile";

/**
 * `npm start [-- STACK]`: provisions what the stack needs (Pulumi CLI and plugins, a Docker
 * engine, images), runs `pulumi up` on a local file backend in .pulumi/, then verify.
 * Where a registry cannot be reached it provisions through the lab (lab/) instead of failing.
 */
const stack = process.argv[2] ?? "dev";
const execFileAsync = promisify(execFile);

const say = (message: string): void => {
  process.stderr.write(`[start] ${message}\n`);
};

/** Runs a command with its output on this terminal: provisioning and `pulumi up` show progress. */
function runVisible(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_DIR, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => {
      resolve(code ?? 1);
    });
  });
}

async function mustRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const code = await runVisible(command, args, env);
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed with exit code ${code}`);
}

/** The committed stack file's config, keys without the project prefix. */
function committedConfig(): Record<string, unknown> {
  const file = join(REPO_DIR, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) throw new Error(`No Pulumi.${stack}.yaml: create it first (see README, "Add a stack").`);
  const parsed = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  return Object.fromEntries(Object.entries(parsed.config ?? {}).map(([key, value]) => [key.replace(`${PROJECT}:`, ""), value]));
}

function defaultOf(key: string): unknown {
  return SETTING_KEYS.find((setting) => setting.key === key)?.default;
}

async function dockerHas(image: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const inspect = await execFileAsync("docker", ["image", "inspect", image], { env }).then(() => true, () => false);
  if (inspect) return true;
  say(`pulling ${image}`);
  return execFileAsync("docker", ["pull", image], { env, timeout: 600_000 }).then(() => true, () => false);
}

/** Images the stack asks for, or the lab's own builds when no registry can provide them. */
async function imageOverrides(config: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const wanted = ["milvusImage", "jaegerImage"].map((key) => String(config[key] ?? defaultOf(key)));
  const available = await Promise.all(wanted.map((image) => dockerHas(image, env)));
  if (available.every(Boolean)) return {};
  say(`no registry could provide ${wanted.filter((_, i) => !available[i]).join(", ")}: building the lab's images instead (lab/images)`);
  const { stdout } = await execFileAsync("bash", [join(REPO_DIR, "lab", "images", "build.sh")], { env, maxBuffer: 1 << 20 }).catch((error: unknown) => {
    throw new Error(`the lab image build failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const built = stdout.split("\n").map((line) => line.split("\t")[0] ?? "");
  const find = (name: string): string => {
    const image = built.find((line) => line.startsWith(`milvus-tracing-lab/${name}:`));
    if (!image) throw new Error(`lab/images/build.sh built no ${name} image`);
    return image;
  };
  return { milvusImage: find("milvus"), jaegerImage: find("jaeger") };
}

async function main(): Promise<number> {
  const started = performance.now();
  const config = committedConfig();
  const target = String(config.target ?? defaultOf("target"));

  say("provisioning the Pulumi CLI and provider plugins (built once with Go when they cannot be downloaded)");
  await mustRun("bash", [join(REPO_DIR, "lab", "pulumi", "install.sh")], process.env);

  mkdirSync(LOCAL_BACKEND_DIR, { recursive: true });
  if (!existsSync(LOCAL_PASSPHRASE_FILE)) writeFileSync(LOCAL_PASSPHRASE_FILE, randomBytes(24).toString("hex"), { mode: 0o600 });
  const env = pulumiEnv();

  let overrides: Record<string, string> = {};
  if (target === "docker") {
    say("finding a Docker engine (Debian's docker.io, started by hand, when none answers)");
    const { stdout } = await execFileAsync("bash", [join(REPO_DIR, "lab", "docker", "engine.sh")], { env });
    env.DOCKER_HOST = stdout.trim().split("\n").pop();
    overrides = await imageOverrides(config, env);
  }

  const salt = await ensureStack(stack, env);
  const configFile = join(REPO_DIR, ".pulumi", "config", `Pulumi.${stack}.yaml`);
  writeStackConfigFile(configFile, { ...config, ...overrides }, salt, `Generated by npm start from Pulumi.${stack}.yaml; edit that file instead.`);
  say(`pulumi up --stack ${stack} (state in ${LOCAL_BACKEND_DIR})`);
  await mustRun(PULUMI_BIN, ["up", "--yes", "--stack", stack, "--config-file", configFile], env);

  say("verifying that Milvus's requests are traced into Jaeger");
  const verifyCode = await runVisible(join(REPO_DIR, "node_modules", ".bin", "tsx"), [join(REPO_DIR, "verify", "main.ts"), "--stack", stack], env);
  say(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return verifyCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
