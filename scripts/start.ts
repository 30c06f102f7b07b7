import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { SETTING_KEYS } from "../components/settings/settingKeys";
import { validateSettings } from "../components/settings/validateSettings";
import { deployedProviders } from "./deployedProviders";
import { providerPluginsFor } from "./providerPlugins";
import { provisionImages, provisionPulumi } from "./provisioningPlan";
import { imageSteps, labPrerequisites, pulumiSteps, requiredPlugins } from "./provisioningSteps";
import { labPulumiHome, LOCAL_BACKEND_DIR, LOCAL_PASSPHRASE_FILE, pulumiEnv, pulumiInvocation, REPO_DIR, userPulumiHome, writeStartEnv } from "./pulumiCli";
import { ensureStack, PROJECT, writeStackConfigFile } from "./stackConfigFile";

/**
 * `npm start [-- STACK]`: provisions what the stack needs (Pulumi CLI and plugins, a Docker
 * engine, images), runs `pulumi up` on a local file backend in .pulumi/, then verify.
 * Pulumi's and the registries' own downloads come first; what they cannot provide the lab (lab/)
 * builds, in a Pulumi home of its own (scripts/provisioningPlan.ts decides).
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

/** Keys the stack file stores encrypted: Pulumi writes them as `key: { secure: v1:... }`. */
function encryptedKeys(config: Record<string, unknown>): Set<string> {
  return new Set(Object.keys(config).filter((key) => typeof config[key] === "object" && config[key] !== null && "secure" in config[key]));
}

function defaultOf(key: string): unknown {
  return SETTING_KEYS.find((setting) => setting.key === key)?.default;
}

async function main(): Promise<number> {
  const started = performance.now();
  const config = committedConfig();
  // The program validates again at preview; here a bad stack file stops before minutes of provisioning.
  const settings = validateSettings(config, PROJECT, encryptedKeys(config));
  const target = settings.target;
  const prerequisites = labPrerequisites();

  // What the program will register, plus what the stack's state holds: an update deletes through it.
  const plugins = requiredPlugins(providerPluginsFor(settings, deployedProviders(pulumiEnv().PULUMI_BACKEND_URL ?? `file://${LOCAL_BACKEND_DIR}`, PROJECT, stack)));
  say(`provisioning the pinned Pulumi CLI and the ${plugins.map((plugin) => plugin.name).join(" and ")} plugin${plugins.length > 1 ? "s" : ""} (Pulumi's own downloads first)`);
  const pulumi = await provisionPulumi({ user: userPulumiHome(), lab: labPulumiHome() }, plugins, { ...pulumiSteps(process.env), ...prerequisites });
  say(`Pulumi: ${pulumi.source === "official" ? "the official CLI and plugins" : "the lab's builds"} in ${pulumi.home}`);

  mkdirSync(LOCAL_BACKEND_DIR, { recursive: true });
  if (!existsSync(LOCAL_PASSPHRASE_FILE)) writeFileSync(LOCAL_PASSPHRASE_FILE, randomBytes(24).toString("hex"), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { ...pulumiEnv(), PULUMI_HOME: pulumi.home };

  const labImages: Record<string, string> = {};
  if (target === "docker") {
    say("finding a Docker engine (Debian's docker.io, started by hand, when none answers)");
    const { stdout } = await execFileAsync("bash", [join(REPO_DIR, "lab", "docker", "engine.sh")], { env });
    env.DOCKER_HOST = stdout.trim().split("\n").pop();
    const configured = { milvus: String(config.milvusImage ?? defaultOf("milvusImage")), jaeger: String(config.jaegerImage ?? defaultOf("jaegerImage")) };
    const images = await provisionImages(configured, { ...imageSteps(env), ...prerequisites });
    if (images.milvus.labSubstitute) labImages.labMilvusImage = images.milvus.labSubstitute;
    if (images.jaeger.labSubstitute) labImages.labJaegerImage = images.jaeger.labSubstitute;
  }
  writeStartEnv({ pulumiHome: pulumi.home, dockerHost: env.DOCKER_HOST });

  const salt = await ensureStack(stack, env);
  const configFile = join(REPO_DIR, ".pulumi", "config", `Pulumi.${stack}.yaml`);
  writeStackConfigFile(configFile, { ...config, ...labImages }, salt, `Generated by npm start from Pulumi.${stack}.yaml; edit that file instead.`);
  say(`pulumi up --stack ${stack} (state in ${LOCAL_BACKEND_DIR})`);
  const pulumiCli = pulumiInvocation(env);
  await mustRun(pulumiCli.command, ["up", "--yes", "--stack", stack, "--config-file", configFile], pulumiCli.env);

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
