import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, it } from "node:test";
import { PINNED_VERSION, PULUMI_BIN, pulumiInvocation } from "./pulumiCli";

describe("pulumiInvocation", () => {
  it("runs the pinned binary from the Pulumi home, its folder first on PATH", () => {
    const home = mkdtempSync(join(tmpdir(), "pulumi-home-"));
    const bin = join(home, "versions", PINNED_VERSION, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "pulumi"), "#!/bin/sh\n");
    chmodSync(join(bin, "pulumi"), 0o755);

    const invocation = pulumiInvocation({ PULUMI_HOME: home, PATH: "/usr/bin" });

    assert.equal(invocation.command, join(bin, "pulumi"));
    assert.equal(invocation.env.PATH, `${bin}${delimiter}/usr/bin`);
    assert.equal(invocation.env.PULUMI_HOME, home);
  });

  it("falls back to the npm launcher, which downloads the CLI, when the home has no binary", () => {
    const home = mkdtempSync(join(tmpdir(), "pulumi-home-"));
    const env = { PULUMI_HOME: home, PATH: "/usr/bin" };

    assert.deepEqual(pulumiInvocation(env), { command: PULUMI_BIN, env });
  });
});
