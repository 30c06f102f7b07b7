import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ensureRootPassword } from "../../components/credentials/milvusRootPassword";
import { renderMilvusUserYaml } from "../../components/render/milvusTraceOverlay";
import { ENDPOINTS, REPO, scratchDir, startJaeger, startMilvus, type RunningServer } from "../integration/harness";
import { overlayToEnv } from "../integration/milvusTraceEnv";
import { recipes, type Recipe } from "./recipes";
import { run, runRecipe, stackEnv, tracing } from "./recipeRun";

/** How execFile's rejection reports a process that ran and failed. */
interface Failed {
  code: number | null;
  stderr: string;
}
const isFailed = (error: unknown): error is Failed => typeof error === "object" && error !== null && "code" in error && "stderr" in error;

/** The recipe run without MILVUS_TOKEN: how it ended. */
async function runWithoutToken(recipe: Recipe): Promise<Failed> {
  const [command, ...args] = recipe.command;
  assert.ok(command);
  try {
    await run(command, args, { cwd: REPO, env: stackEnv({}), timeout: 60_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    if (isFailed(error)) return error;
    throw error;
  }
}

describe("client recipes, Milvus with authorization on (as when its port is published), plaintext OTLP", () => {
  const dir = scratchDir("clients-auth");
  // As the stack generates root's password: random, and new for every run.
  const password = randomBytes(24).toString("base64url");
  const milvusToken = `root:${password}`;
  let jaeger: RunningServer | undefined;
  let milvus: RunningServer | undefined;
  before(async () => {
    jaeger = await startJaeger(dir);
    milvus = await startMilvus(dir, tracing(false), overlayToEnv(renderMilvusUserYaml(tracing(false), ENDPOINTS.otlp, password)));
    await ensureRootPassword({ address: ENDPOINTS.milvus, password, timeoutSeconds: 60 });
  });
  after(async () => {
    await milvus?.stop();
    await jaeger?.stop();
  });

  for (const recipe of recipes()) {
    it(`${recipe.language} with MILVUS_TOKEN=root:<password>: the same trace, and the login in neither its output nor its spans`, () =>
      runRecipe(recipe, { milvusToken }));
  }

  it("go without MILVUS_TOKEN: Milvus refuses it and it exits non-zero", async () => {
    const go = recipes().find((recipe) => recipe.language === "go");
    assert.ok(go);
    const ended = await runWithoutToken(go);
    process.stdout.write(`# go without MILVUS_TOKEN: exit ${String(ended.code)}, ${ended.stderr.trim().split("\n").pop() ?? ""}\n`);
    assert.notEqual(ended.code, 0, "the recipe without the token");
    assert.match(ended.stderr, /^error: /m, "it says why");
  });
});
