import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Attempt, ImageEffects, LabPrerequisites, PluginVersion, PulumiEffects } from "./provisioningPlan";
import type { PartTimes } from "./partTimes";
import { PULUMI_BIN, REPO_DIR } from "./pulumiCli";

/**
 * The real steps behind scripts/provisioningPlan.ts. Every download is bounded: offline it fails
 * in about a second (the CLI) or three (a plugin, after Pulumi's own five retries); online a slow
 * mirror gets ten minutes before the lab takes over.
 */
const DOWNLOAD_TIMEOUT_MS = 600_000;
const execFileAsync = promisify(execFile);

const say = (line: string): void => {
  process.stderr.write(`[start] ${line}\n`);
};

/**
 * Runs a command, bounded, with its output echoed indented; its last line is the reason it failed.
 * It runs in a process group of its own so that a timeout also stops what the npm launcher started.
 */
function attempt(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Attempt> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_DIR, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, DOWNLOAD_TIMEOUT_MS);
    let lastLine = "";
    const echo = (chunk: Buffer): void => {
      const lines = chunk.toString().split("\n").filter((line) => line.trim() !== "");
      lastLine = lines.at(-1) ?? lastLine;
      for (const line of lines) process.stderr.write(`    ${line}\n`);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: timedOut ? `no answer within ${DOWNLOAD_TIMEOUT_MS / 60_000} minutes` : lastLine || `exit code ${code}` });
    });
  });
}

/** Runs a lab script with its progress (stderr) on this terminal; resolves to its stdout. */
export function runLabScript(script: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [join(REPO_DIR, "lab", ...script.split("/")), ...args], { cwd: REPO_DIR, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`lab/${script} failed with exit code ${code} (its output is above)`));
    });
  });
}

/** The plugin versions the installed SDK packages ask the engine for. */
export function requiredPlugins(names: readonly string[]): PluginVersion[] {
  return names.map((name) => {
    const pkg = JSON.parse(readFileSync(join(REPO_DIR, "node_modules", "@pulumi", name, "package.json"), "utf8")) as { version: string; pulumi?: { version?: string } };
    return { name, version: (pkg.pulumi?.version ?? pkg.version).replace(/^v/, "") };
  });
}

export function labPrerequisites(): LabPrerequisites {
  return {
    goAvailable: () => execFileAsync("go", ["version"]).then(() => true, () => false),
    say,
  };
}

export function pulumiSteps(base: NodeJS.ProcessEnv): PulumiEffects {
  const withHome = (home: string): NodeJS.ProcessEnv => ({ ...base, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" });
  return {
    officialCli: (home) => {
      say(`the pinned Pulumi CLI, through its npm launcher (PULUMI_HOME=${home})`);
      return attempt(PULUMI_BIN, ["version"], withHome(home));
    },
    officialPlugin: (home, plugin) => {
      say(`the ${plugin.name} ${plugin.version} plugin, through Pulumi's plugin acquisition`);
      return attempt(PULUMI_BIN, ["plugin", "install", "resource", plugin.name, plugin.version], withHome(home));
    },
    labPulumi: async (_home, plugins) => {
      // lab/pulumi/common.sh installs into the lab's home whatever PULUMI_HOME says.
      await runLabScript("pulumi/install.sh", base, plugins.map((plugin) => plugin.name));
    },
  };
}

/** `times` gets the lab's Jaeger build as a part of its own: it is most of a first build's minutes. */
export function imageSteps(env: NodeJS.ProcessEnv, times: PartTimes): ImageEffects {
  return {
    pullImage: async (image) => {
      const present = await execFileAsync("docker", ["image", "inspect", image], { env }).then(() => true, () => false);
      if (present) return { ok: true };
      say(`pulling ${image}`);
      return attempt("docker", ["pull", image], env);
    },
    labImages: async () => {
      // lab/images/build.sh would build Jaeger itself; first, so that its minutes show apart.
      await times.time("Jaeger v2 (Go build)", () => runLabScript("jaeger/build.sh", env), 1);
      const stdout = await times.time("lab images: base (Debian), Milvus (PyPI wheel), Jaeger", () => runLabScript("images/build.sh", env), 1);
      return labImagesByService(stdout);
    },
  };
}

/** lab/images/build.sh's summary lines (`milvus-tracing-lab/<service>:<tag>\t...`) as images by service. */
export function labImagesByService(summary: string): Record<string, string> {
  return Object.fromEntries(
    summary.split("\n").flatMap((line) => {
      const image = line.split("\t")[0] ?? "";
      const match = /^milvus-tracing-lab\/([a-z0-9-]+):/.exec(image);
      return match?.[1] === undefined ? [] : [[match[1], image]];
    }),
  );
}
