import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cliHome, missingCliHint } from "./cliHome";
import { pulumiEnv, pulumiInvocation, REPO_DIR } from "./pulumiCli";

/**
 * `npm run pulumi -- ARGS`: the pinned Pulumi CLI with what `npm start` deployed with: the local
 * backend in .pulumi/, its passphrase, and the Pulumi home and Docker engine it chose (the
 * official ones, or the lab's; before the first `npm start`, see cliHome). For example
 * `npm run pulumi -- stack output`.
 */
const args = process.argv.slice(2);

// Commands that read the stack's config get npm start's generated copy of it: with the committed
// Pulumi.<stack>.yaml, Pulumi would write the stack's encryption salt into that file.
const CONFIG_COMMANDS = new Set(["up", "preview", "destroy", "refresh"]);
const stackFlag = args.findIndex((arg) => arg === "--stack" || arg === "-s");
const stack = stackFlag >= 0 ? args[stackFlag + 1] : "dev";
const generated = join(REPO_DIR, ".pulumi", "config", `Pulumi.${stack ?? "dev"}.yaml`);
if (CONFIG_COMMANDS.has(args[0] ?? "") && !args.includes("--config-file") && existsSync(generated)) {
  args.push("--config-file", generated);
  if (stackFlag < 0) args.push("--stack", "dev");
}

const env = pulumiEnv();
const home = cliHome(env);
const pulumi = pulumiInvocation({ ...env, PULUMI_HOME: home });
const child = spawn(pulumi.command, args, { cwd: REPO_DIR, env: pulumi.env, stdio: "inherit" });
child.on("error", (error) => {
  process.stderr.write(`pulumi: ${error.message}\n`);
  process.exitCode = 1;
});
child.on("close", (code, signal) => {
  const exitCode = code ?? (signal ? 1 : 0);
  process.exitCode = exitCode;
  const hint = missingCliHint(exitCode, home);
  if (hint) process.stderr.write(`${hint}\n`);
});
