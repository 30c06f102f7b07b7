import { existsSync } from "node:fs";
import { labPulumiHome, PINNED_VERSION, pinnedCli, userPulumiHome } from "./pulumiCli";

export type HasCli = (home: string) => boolean;

const pinnedCliIn: HasCli = (home) => existsSync(pinnedCli(home));

/**
 * The Pulumi home `npm run pulumi` runs the pinned CLI from. The one the caller or npm start chose
 * comes first. Without one (before the first `npm start`): the user's own home when it has the
 * CLI; else the lab's when the lab has built it there, since offline the launcher could only fail
 * to download; else the user's, where the launcher downloads it.
 */
export function cliHome(env: NodeJS.ProcessEnv, hasCli: HasCli = pinnedCliIn): string {
  if (env.PULUMI_HOME !== undefined) return env.PULUMI_HOME;
  const user = userPulumiHome(env);
  if (hasCli(user)) return user;
  const lab = labPulumiHome(env);
  return hasCli(lab) ? lab : user;
}

/**
 * The one line to add when a run failed because there was no CLI to run (the launcher's own
 * message offline is only "fetch failed"); nothing when the CLI ran and failed by itself.
 */
export function missingCliHint(exitCode: number, home: string, hasCli: HasCli = pinnedCliIn): string | undefined {
  if (exitCode === 0 || hasCli(home)) return undefined;
  return `pulumi: no Pulumi CLI ${PINNED_VERSION} in ${home} yet: run \`npm start\` first (it downloads the CLI, or builds it through the lab when offline)`;
}
