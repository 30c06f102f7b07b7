import { spawn } from "node:child_process";
import { PULUMI_BIN, pulumiEnv, REPO_DIR } from "./pulumiCli";

/**
 * `npm run pulumi -- ARGS`: the pinned Pulumi CLI with what `npm start` deployed with: the local
 * backend in .pulumi/, its passphrase, and the Pulumi home and Docker engine it chose (the
 * official ones, or the lab's). For example `npm run pulumi -- stack output`.
 */
const child = spawn(PULUMI_BIN, process.argv.slice(2), { cwd: REPO_DIR, env: pulumiEnv(), stdio: "inherit" });
child.on("error", (error) => {
  process.stderr.write(`pulumi: ${error.message}\n`);
  process.exitCode = 1;
});
child.on("close", (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
