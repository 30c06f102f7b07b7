import assert from "node:assert/strict";
import { existsSync, lstatSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ARG_NAMES } from "../../components/library/argKinds";
import { pulumiEnv, pulumiInvocation } from "../../scripts/pulumiCli";
import { scratchDir } from "../scratch";
import { REPO } from "../verifyProcess";
import { runCommand } from "./pulumiStack";

const PACKAGE_DIR = join(REPO, "pulumi-package");
const TYPE = "milvus-tracing:index:MilvusTracing";

interface PackageSchema {
  name: string;
  resources?: Record<string, { isComponent?: boolean; inputProperties?: Record<string, unknown>; properties?: Record<string, unknown> }>;
}

/**
 * What `pulumi package add` does first with this folder, through the real CLI and the lab's Node.js
 * language host: install the package's dependencies, run it as a plugin (run-plugin), and ask it for
 * its schema.
 */
describe("the component package through the Pulumi CLI", () => {
  it("runs as a plugin and gives MilvusTracing's schema: every arg an input, the outputs, one SDK copy", async () => {
    const env = pulumiEnv({ ...process.env, PULUMI_BACKEND_URL: `file://${scratchDir("e2e-component-package")}` });
    const pulumi = pulumiInvocation(env);
    const result = await runCommand(pulumi.command, ["package", "get-schema", PACKAGE_DIR], pulumi.env, 300_000);
    assert.equal(result.code, 0, result.output);
    const schema = JSON.parse(result.output.slice(result.output.indexOf("{"), result.output.lastIndexOf("}") + 1)) as PackageSchema;
    assert.equal(schema.name, "milvus-tracing");
    const component = schema.resources?.[TYPE];
    assert.ok(component, `no ${TYPE} in the schema: ${Object.keys(schema.resources ?? {}).join(", ")}`);
    assert.equal(component.isComponent, true);
    assert.deepEqual(Object.keys(component.inputProperties ?? {}).sort(), [...ARG_NAMES].sort());
    assert.deepEqual(Object.keys(component.properties ?? {}).sort(), ["caCertificate", "jaegerQueryUrl", "jaegerUiUrl", "milvusAddress", "otlpEndpoint", "stackOutputsJson"]);
    // The CLI's npm install links the library rather than copying it: one @pulumi/pulumi serves the
    // package and the component's resources.
    const link = join(PACKAGE_DIR, "node_modules", "milvus-tracing-library");
    assert.ok(lstatSync(link).isSymbolicLink(), `${link} is not a link`);
    assert.equal(realpathSync(link), realpathSync(REPO));
    assert.equal(existsSync(join(PACKAGE_DIR, "node_modules", "@pulumi")), false, "the package has an SDK of its own");
  });
});
