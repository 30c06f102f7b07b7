import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { provisionPulumi } from "../../scripts/provisioningPlan";
import { labPrerequisites, pulumiSteps, requiredPlugins } from "../../scripts/provisioningSteps";
import { labPulumiHome } from "../../scripts/pulumiCli";
import { scratchDir } from "../scratch";

/**
 * npm start's Pulumi provisioning with its real steps, for a user whose Pulumi home is empty. Where
 * Pulumi's downloads answer, the official path is taken and there is no fallback to exercise.
 */
describe("provisioning the Pulumi CLI for a new user", () => {
  it("fails the official download fast and falls back to the lab's own home", async (t) => {
    const userHome = scratchDir("e2e-user-pulumi");
    const steps = pulumiSteps(process.env);
    const said: string[] = [];
    const started = performance.now();
    const official = await steps.officialCli(userHome);
    const officialMs = performance.now() - started;
    if (official.ok) {
      t.skip("Pulumi's download answered here: the official path applies");
      return;
    }
    assert.ok(officialMs < 30_000, `the failed download took ${Math.round(officialMs)} ms`);

    const choice = await provisionPulumi({ user: userHome, lab: labPulumiHome() }, requiredPlugins(["docker", "tls", "kubernetes"]), {
      ...steps,
      ...labPrerequisites(),
      say: (line) => said.push(line),
    });
    assert.deepEqual(choice, { home: labPulumiHome(), source: "lab" });
    assert.equal(said.length, 1);
    assert.match(said[0] ?? "", /^could not download the Pulumi CLI \(.+\): building it through the lab into .*pulumi-home/);
    assert.deepEqual(readdirSync(userHome).filter((entry) => entry !== "logs"), [], "the lab put nothing into the user's home");
    assert.ok(readdirSync(join(labPulumiHome(), "plugins")).some((plugin) => plugin.startsWith("resource-docker-v")));
  });
});
