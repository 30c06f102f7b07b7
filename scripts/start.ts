import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import type { Settings } from "../components/settings/settings";
import { labImageKey } from "../components/settings/serviceSettingKeys";
import { validateSettings } from "../components/settings/validateSettings";
import { deployedProviders } from "./deployedProviders";
import { PartTimes } from "./partTimes";
import { providerPluginsFor } from "./providerPlugins";
import { type LabPrerequisites, provisionImages, provisionPulumi } from "./provisioningPlan";
import { imageSteps, labPrerequisites, pulumiSteps, requiredPlugins } from "./provisioningSteps";
import { labPulumiHome, LOCAL_BACKEND_DIR, LOCAL_PASSPHRASE_FILE, pulumiEnv, pulumiInvocation, REPO_DIR, userPulumiHome, writeStartEnv } from "./pulumiCli";
import { sideBySide } from "./sideBySide";
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

/** The engine and the stack's images, as DOCKER_HOST and the lab images that stand in for the configured ones. */
async function provisionDocker(settings: Settings, times: PartTimes, prerequisites: LabPrerequisites): Promise<{ dockerHost: string | undefined; labImages: Record<string, string> }> {
  say("finding a Docker engine (Debian's docker.io, started by hand, when none answers)");
  const { stdout } = await times.time("Docker engine", () => execFileAsync("bash", [join(REPO_DIR, "lab", "docker", "engine.sh")]));
  const dockerHost = stdout.trim().split("\n").pop();
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const images = await times.time("images (registry pull, else the lab's build)", () => provisionImages(settings.configuredImages, { ...imageSteps(env, times), ...prerequisites }));
  const labImages: Record<string, string> = {};
  for (const [service, { labSubstitute }] of Object.entries(images)) {
    if (labSubstitute !== undefined) labImages[labImageKey({ name: service })] = labSubstitute;
  }
  return { dockerHost, labImages };
}

async function main(times: PartTimes): Promise<number> {
  const config = committedConfig();
  // The program validates again at preview; here a bad stack file stops before minutes of provisioning.
  const settings = validateSettings(config, PROJECT, encryptedKeys(config), stack);
  const prerequisites = labPrerequisites();

  // What the program will register, plus what the stack's state holds: an update deletes through it.
  const plugins = requiredPlugins(providerPluginsFor(settings, deployedProviders(pulumiEnv().PULUMI_BACKEND_URL ?? `file://${LOCAL_BACKEND_DIR}`, PROJECT, stack)));
  const pluginNames = plugins.map((plugin) => plugin.name).join(", ");
  say(`provisioning the pinned Pulumi CLI and the ${pluginNames} plugin${plugins.length > 1 ? "s" : ""} (Pulumi's own downloads first)`);
  // Side by side: on a first run each side spends minutes in Go builds and downloads, and one's
  // downloads leave the cores to the other's compiles.
  const [pulumi, docker] = await sideBySide(
    times.time(`Pulumi CLI and ${pluginNames} plugin${plugins.length > 1 ? "s" : ""}`, () =>
      provisionPulumi({ user: userPulumiHome(), lab: labPulumiHome() }, plugins, { ...pulumiSteps(process.env), ...prerequisites }),
    ),
    settings.target === "docker" ? provisionDocker(settings, times, prerequisites) : Promise.resolve({ dockerHost: undefined, labImages: {} }),
  );
  say(`Pulumi: ${pulumi.source === "official" ? "the official CLI and plugins" : "the lab's builds"} in ${pulumi.home}`);

  mkdirSync(LOCAL_BACKEND_DIR, { recursive: true });
  if (!existsSync(LOCAL_PASSPHRASE_FILE)) writeFileSync(LOCAL_PASSPHRASE_FILE, randomBytes(24).toString("hex"), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { ...pulumiEnv(), PULUMI_HOME: pulumi.home, ...(docker.dockerHost === undefined ? {} : { DOCKER_HOST: docker.dockerHost }) };
  writeStartEnv({ pulumiHome: pulumi.home, dockerHost: docker.dockerHost });

  const configFile = join(REPO_DIR, ".pulumi", "config", `Pulumi.${stack}.yaml`);
  await times.time("stack and its config file", async () => {
    const salt = await ensureStack(stack, env);
    writeStackConfigFile(configFile, { ...config, ...docker.labImages }, salt, `Generated by npm start from Pulumi.${stack}.yaml; edit that file instead.`);
  });
  say(`pulumi up --stack ${stack} (state in ${LOCAL_BACKEND_DIR})`);
  const pulumiCli = pulumiInvocation(env);
  await times.time("pulumi up", () => mustRun(pulumiCli.command, ["up", "--yes", "--stack", stack, "--config-file", configFile], pulumiCli.env));

  say("verifying that Milvus's requests are traced into Jaeger");
  return times.time("verify", () => runVisible(join(REPO_DIR, "node_modules", ".bin", "tsx"), [join(REPO_DIR, "verify", "main.ts"), "--stack", stack], env));
}

/** Where the minutes went, also after a failure: a first run spends most of them building. */
function printTimes(times: PartTimes): void {
  say(`time per part (${availableParallelism()} cores; the Pulumi part and the Docker parts run side by side):`);
  for (const line of times.lines()) say(`  ${line}`);
}

const times = new PartTimes();
main(times).then(
  (code) => {
    printTimes(times);
    process.exitCode = code;
  },
  (error: unknown) => {
    printTimes(times);
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
