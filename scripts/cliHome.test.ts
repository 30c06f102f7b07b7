import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cliHome, missingCliHint } from "./cliHome";

const env = { MILVUS_TRACING_CACHE: "/cache/milvus-tracing" };
const user = join(homedir(), ".pulumi");
const lab = "/cache/milvus-tracing/pulumi-home";
const having = (...homes: string[]) => (home: string) => homes.includes(home);

describe("cliHome", () => {
  it("keeps the home the caller or npm start chose, even where the lab has a CLI", () => {
    assert.equal(cliHome({ ...env, PULUMI_HOME: "/chosen" }, having(lab)), "/chosen");
  });

  it("takes the user's own home when it has the pinned CLI", () => {
    assert.equal(cliHome(env, having(user, lab)), user);
  });

  it("takes the lab's home before the first npm start when only the lab has built the CLI", () => {
    assert.equal(cliHome(env, having(lab)), lab);
  });

  it("leaves the user's home to the launcher's download when neither has the CLI", () => {
    assert.equal(cliHome(env, having()), user);
  });
});

describe("missingCliHint", () => {
  it("says in one line to run npm start first when there was no CLI to run", () => {
    const hint = missingCliHint(1, user, having());
    assert.ok(hint);
    assert.ok(hint.startsWith(`pulumi: no Pulumi CLI `) && hint.includes(` in ${user} yet: run \`npm start\` first`), hint);
    assert.doesNotMatch(hint, /\n/);
  });

  it("adds nothing when the CLI ran, whether it failed or not", () => {
    assert.equal(missingCliHint(1, user, having(user)), undefined);
    assert.equal(missingCliHint(0, user, having()), undefined);
  });
});
