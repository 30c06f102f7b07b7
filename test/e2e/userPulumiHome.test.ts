import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const userHome = process.env.USER_PULUMI_HOME ?? "";
const before = process.env.USER_PULUMI_HOME_BEFORE ?? "";

// Runs after docker.test.ts (files run in name order, one at a time): every deploy of the tier is done.
describe("the user's own Pulumi home after the tier's lab provisioning and deploys", () => {
  it("has no file created or changed", async () => {
    assert.ok(userHome && before, "run through test/e2e/run.sh, which lists the user's Pulumi home first");
    const { stdout: newer } = await execFileAsync("bash", ["-c", '[[ ! -d "$1" ]] || find "$1" -newer "$2"', "_", userHome, join(before, "marker")]);
    assert.equal(newer, "", `created or changed under ${userHome} since the tier started`);
    const { stdout: listing } = await execFileAsync("bash", [join(__dirname, "list-files.sh"), userHome]);
    assert.equal(listing, readFileSync(join(before, "listing"), "utf8"), `the listing of ${userHome} changed`);
  });
});
