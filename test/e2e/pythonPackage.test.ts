import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { pulumiEnv, pulumiInvocation } from "../../scripts/pulumiCli";
import { scratchDir } from "../scratch";
import { REPO, runVerify } from "../verifyProcess";
import { docker, hostPorts, LAB_IMAGES, runCommand } from "./pulumiStack";

const PROJECT_DIR = join(REPO, "examples", "python");
const PROJECT = "milvus-tracing-python";
const STACK = "e2e-python";
const PORT_BASE = 31000;

/**
 * examples/python as its README has a person run it, through the real CLI and the lab's language
 * hosts: `pulumi package add ../../pulumi-package` generates the Python SDK from the component
 * package's schema and links it into the project's virtualenv; `pulumi up` runs the program on
 * Pulumi's Python SDK from PyPI, which constructs MilvusTracing in the Node.js package; verify passes
 * against what it deployed; `pulumi destroy` removes it.
 */
describe("examples/python: MilvusTracing from Python through the component package", () => {
  const dir = scratchDir("e2e-python");
  const env = pulumiEnv({ ...process.env, PULUMI_BACKEND_URL: `file://${dir}`, PULUMI_CONFIG_PASSPHRASE: "e2e-throwaway" });
  const pulumi = pulumiInvocation(env);
  const configFile = join(dir, `Pulumi.${STACK}.yaml`);
  const run = (args: string[], timeoutMs = 600_000) => runCommand(pulumi.command, ["--cwd", PROJECT_DIR, ...args, "--non-interactive"], pulumi.env, timeoutMs);
  const stackArgs = ["--stack", STACK, "--config-file", configFile];
  let deployed = false;

  after(async () => {
    if (deployed) {
      const destroy = await run(["destroy", "--yes", "--skip-preview", ...stackArgs]);
      if (destroy.code !== 0) process.stderr.write(destroy.output);
    }
    await docker(["volume", "rm", "-f", `milvus-tracing-${STACK}-milvus-data`, `milvus-tracing-${STACK}-jaeger-data`]);
  });

  it("pulumi package add generates the Python SDK into sdks/ and links it into the virtualenv", async () => {
    const trackedBefore = await tracked();
    const add = await run(["package", "add", "../../pulumi-package"]);
    assert.equal(add.code, 0, add.output);
    assert.match(add.output, /import pulumi_milvus_tracing as milvus_tracing/);
    const sdk = join(PROJECT_DIR, "sdks", "milvus-tracing", "pulumi_milvus_tracing");
    const generated = readFileSync(join(sdk, "milvus_tracing.py"), "utf8");
    assert.match(generated, /class MilvusTracing\(pulumi\.ComponentResource\)/);
    assert.match(generated, /def milvus_address\(self\) -> pulumi\.Output/);
    assert.match(generated, /sample_fraction: Optional\[_builtins\.float\]/);
    assert.deepEqual(JSON.parse(readFileSync(join(sdk, "pulumi-plugin.json"), "utf8")), { resource: true, name: "milvus-tracing", version: "0.1.0" });
    const project = parse(readFileSync(join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { packages?: Record<string, string> };
    assert.deepEqual(project.packages, { "milvus-tracing": "../../pulumi-package" });
    assert.ok(readFileSync(join(PROJECT_DIR, "requirements.txt"), "utf8").split("\n").includes("sdks/milvus-tracing"));
    // Installed into the project's virtualenv with the SDK from PyPI.
    const python = join(PROJECT_DIR, "venv", "bin", "python");
    const { stdout } = await promisify(execFile)(python, ["-c", "import pulumi, pulumi_milvus_tracing; from importlib.metadata import version; print(version('pulumi'))"]);
    assert.equal(stdout.trim(), "3.259.0");
    // The committed Pulumi.yaml and requirements.txt already say what the add writes: it changes no tracked file.
    assert.equal(await tracked(), trackedBefore);
  });

  it("pulumi up deploys it on Docker, verify passes against its outputs, pulumi destroy removes it", async () => {
    assert.ok(existsSync(join(PROJECT_DIR, "venv")), "the package add ran first");
    const init = await run(["stack", "init", STACK]);
    assert.equal(init.code, 0, init.output);
    // stack init writes the salt beside Pulumi.yaml; the stack's settings live in a scratch file instead.
    const written = join(PROJECT_DIR, `Pulumi.${STACK}.yaml`);
    const { encryptionsalt } = parse(readFileSync(written, "utf8")) as { encryptionsalt?: string };
    rmSync(written);
    const settings: Record<string, unknown> = { target: "docker", sampleFraction: 1, secure: false, retainData: false, ...LAB_IMAGES, ...hostPorts(PORT_BASE) };
    const config = Object.fromEntries(Object.entries(settings).map(([key, value]) => [`${PROJECT}:${key}`, value]));
    writeFileSync(configFile, stringify({ encryptionsalt, config }));

    deployed = true;
    const up = await run(["up", "--yes", "--skip-preview", ...stackArgs], 900_000);
    assert.equal(up.code, 0, up.output);
    const outputs = await run(["stack", "output", "--json", "--stack", STACK]);
    assert.equal(outputs.code, 0, outputs.output);
    const { milvusAddress, jaegerQueryUrl, otlpEndpoint } = JSON.parse(outputs.output) as { milvusAddress: string; jaegerQueryUrl: string; otlpEndpoint: string };
    assert.equal(milvusAddress, `127.0.0.1:${PORT_BASE + 530}`);
    assert.equal(jaegerQueryUrl, `http://127.0.0.1:${PORT_BASE + 686}`);
    assert.equal(otlpEndpoint, `127.0.0.1:${PORT_BASE + 317}`);
    assert.equal(await docker(["inspect", "-f", "{{.State.Running}}", `milvus-tracing-${STACK}-milvus`]), "true");

    const { code, verdict, stderr } = await runVerify(["--milvus", milvusAddress, "--jaeger-query", jaegerQueryUrl, "--otlp", otlpEndpoint], { env });
    assert.ok(verdict, `verify printed a JSON verdict: ${stderr}`);
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true], JSON.stringify(verdict.checks));
    assert.equal(code, 0);

    const destroy = await run(["destroy", "--yes", "--skip-preview", ...stackArgs]);
    assert.equal(destroy.code, 0, destroy.output);
    deployed = false;
    assert.equal(await docker(["ps", "-aq", "--filter", `name=milvus-tracing-${STACK}-`]), "");
    const rm = await run(["stack", "rm", "--yes", "--force", "--stack", STACK]);
    assert.equal(rm.code, 0, rm.output);
  });
});

/** `git status` of the example's tracked files (ignored ones, venv/ and sdks/, left out). */
async function tracked(): Promise<string> {
  const { stdout } = await promisify(execFile)("git", ["status", "--porcelain", "--", "."], { cwd: PROJECT_DIR });
  return stdout;
}
