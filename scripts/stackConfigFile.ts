import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";
import { pulumiOutput, REPO_DIR } from "./pulumiCli";

export const PROJECT = "milvus-tracing";

/**
 * A stack config file outside the checkout's Pulumi.<stack>.yaml, passed with --config-file, so
 * that provisioning and tests never edit the committed stack files. Pulumi keeps the stack's
 * encryption salt in it.
 */
export function writeStackConfigFile(file: string, config: Record<string, unknown>, salt: string | undefined, header: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const previous = existsSync(file) ? ((parse(readFileSync(file, "utf8")) ?? {}) as { encryptionsalt?: string }) : {};
  const document = {
    encryptionsalt: salt ?? previous.encryptionsalt,
    config: Object.fromEntries(Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value])),
  };
  writeFileSync(file, `# ${header}\n${stringify(document)}`);
}

/**
 * Creates the stack when it does not exist. `pulumi stack init` writes the encryption salt into
 * Pulumi.<stack>.yaml; this returns the salt and leaves that file as it was (or absent).
 */
export async function ensureStack(stack: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const stacks = JSON.parse(await pulumiOutput(["stack", "ls", "--json"], env)) as { name: string }[];
  if (stacks.some((existing) => existing.name === stack)) return undefined;
  const stackFile = join(REPO_DIR, `Pulumi.${stack}.yaml`);
  const before = existsSync(stackFile) ? readFileSync(stackFile, "utf8") : undefined;
  try {
    await pulumiOutput(["stack", "init", stack], env);
    return (parse(readFileSync(stackFile, "utf8")) as { encryptionsalt?: string }).encryptionsalt;
  } finally {
    if (before === undefined) rmSync(stackFile, { force: true });
    else writeFileSync(stackFile, before);
  }
}

