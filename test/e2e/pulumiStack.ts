import { execFile } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PluginVersion } from "../../scripts/provisioningPlan";
import { pulumiEnv, pulumiInvocation, userPulumiHome } from "../../scripts/pulumiCli";
import { ensureStack, writeStackConfigFile } from "../../scripts/stackConfigFile";
import { REPO, runVerify, type VerifyRun } from "../verifyProcess";
import { scratchDir } from "../scratch";

const execFileAsync = promisify(execFile);

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to completion, bounded in time, keeping stdout and stderr together. */
export async function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd: REPO, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/**
 * A throwaway stack of the real program, on a file backend of its own in a temporary folder, run
 * by the real Pulumi CLI with the real Docker provider against the lab's Docker engine.
 */
export class ThrowawayStack {
  readonly env: NodeJS.ProcessEnv;
  readonly configFile: string;
  private config: Record<string, unknown>;

  private constructor(
    readonly name: string,
    config: Record<string, unknown>,
    dir: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.config = config;
    this.configFile = join(dir, `Pulumi.${name}.yaml`);
    this.env = pulumiEnv({ ...process.env, ...env, PULUMI_BACKEND_URL: `file://${dir}`, PULUMI_CONFIG_PASSPHRASE: "e2e-throwaway" });
  }

  /** `env` overrides the tier's environment, for example a PULUMI_HOME of the stack's own. */
  static async create(label: string, config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<ThrowawayStack> {
    const dir = scratchDir(`e2e-${label}`);
    const stack = new ThrowawayStack(`e2e-${label}`, config, dir, env);
    const salt = await ensureStack(stack.name, stack.env);
    writeStackConfigFile(stack.configFile, config, salt, "e2e throwaway stack");
    return stack;
  }

  /** Changes settings the way a person edits the stack file; the next up applies them. */
  setConfig(changes: Record<string, unknown>): void {
    this.config = { ...this.config, ...changes };
    writeStackConfigFile(this.configFile, this.config, undefined, "e2e throwaway stack");
  }

  pulumi(args: string[]): Promise<CommandResult> {
    const pulumi = pulumiInvocation(this.env);
    return runCommand(pulumi.command, [...args, "--stack", this.name, "--non-interactive"], pulumi.env);
  }

  /** `pulumi config set --secret`; the value may start with a dash (a PEM does), so it follows `--`. */
  async setSecret(key: string, value: string): Promise<void> {
    const pulumi = pulumiInvocation(this.env);
    const set = await runCommand(pulumi.command, ["config", "set", "--secret", "--config-file", this.configFile, "--stack", this.name, "--non-interactive", "--", key, value], pulumi.env);
    if (set.code !== 0) throw new Error(`pulumi config set --secret ${key}: ${set.output}`);
  }

  up(...args: string[]): Promise<CommandResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--config-file", this.configFile, ...args]);
  }

  preview(...args: string[]): Promise<CommandResult> {
    return this.pulumi(["preview", "--config-file", this.configFile, ...args]);
  }

  destroy(): Promise<CommandResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.pulumi(["stack", "output", "--json", "--show-secrets"]);
    if (result.code !== 0) throw new Error(result.output);
    return JSON.parse(result.output) as Record<string, unknown>;
  }

  /** `env` adds to the stack's environment (VERIFY_* logins, say). */
  verify(args: string[] = [], whileRunning?: (stderrSoFar: () => string) => Promise<void>, env: NodeJS.ProcessEnv = {}): Promise<VerifyRun> {
    return runVerify(["--stack", this.name, ...args], { env: { ...this.env, ...env }, whileRunning });
  }

  async remove(): Promise<void> {
    await this.pulumi(["stack", "rm", "--yes", "--force"]);
  }
}

/**
 * A Pulumi home holding the tier's CLI and only these provider plugins, taken from the tier's
 * home: what npm start provisions for a stack that needs no more.
 */
export function pulumiHomeWith(plugins: readonly PluginVersion[]): string {
  const from = userPulumiHome();
  const home = scratchDir("e2e-pulumi-home");
  symlinkSync(join(from, "versions"), join(home, "versions"));
  mkdirSync(join(home, "plugins"));
  for (const plugin of plugins) {
    const folder = `resource-${plugin.name}-v${plugin.version}`;
    // Copied: Pulumi skips a plugin folder that is a symbolic link.
    cpSync(join(from, "plugins", folder), join(home, "plugins", folder), { recursive: true });
  }
  return home;
}

/** Lab images (run.sh builds them) standing in for the configured ones, as npm start gives them. */
export const LAB_IMAGES = { labMilvusImage: process.env.LAB_MILVUS_IMAGE, labJaegerImage: process.env.LAB_JAEGER_IMAGE };

/**
 * A stack's host ports from a base, below the kernel's ephemeral range (32768-60999): a run once
 * failed when a loopback connection of the moment held 42091, which a stack then wanted.
 */
export function hostPorts(base: number): Record<string, number> {
  return { milvusPort: base + 530, milvusHealthPort: base + 91, jaegerUiPort: base + 686, otlpGrpcPort: base + 317, otlpHttpPort: base + 318, jaegerMetricsPort: base + 888 };
}

/** The lab's Docker engine, through the docker CLI. */
export async function docker(args: string[]): Promise<string> {
  const result = await runCommand("docker", args, process.env, 120_000);
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")}: ${result.output}`);
  return result.output.trim();
}
