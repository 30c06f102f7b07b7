import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Attempt, type ImageEffects, type LabPrerequisites, type PluginVersion, ProvisioningError, provisionImages, provisionPulumi, type PulumiEffects } from "./provisioningPlan";

const homes = { user: "/home/u/.pulumi", lab: "/home/u/.cache/milvus-tracing/pulumi-home" };
const plugins: PluginVersion[] = [
  { name: "docker", version: "5.2.0" },
  { name: "tls", version: "5.6.1" },
];
const ok: Attempt = { ok: true };
const refused = (reason: string): Attempt => ({ ok: false, reason });

/** Records every call, answers from the given tables; nothing touches a network or a disk. */
function fakePulumi(answers: { cli: Attempt; plugins?: Record<string, Attempt>; go?: boolean }) {
  const calls: string[] = [];
  const said: string[] = [];
  const effects: PulumiEffects & LabPrerequisites = {
    officialCli: (home) => {
      calls.push(`cli ${home}`);
      return Promise.resolve(answers.cli);
    },
    officialPlugin: (home, plugin) => {
      calls.push(`plugin ${plugin.name} ${plugin.version} ${home}`);
      return Promise.resolve(answers.plugins?.[plugin.name] ?? ok);
    },
    labPulumi: (home, wanted) => {
      calls.push(`lab ${home} ${wanted.map((plugin) => plugin.name).join(",")}`);
      return Promise.resolve();
    },
    goAvailable: () => Promise.resolve(answers.go ?? true),
    say: (line) => said.push(line),
  };
  return { effects, calls, said };
}

describe("provisionPulumi", () => {
  it("uses the official CLI and plugins in the user's home when they download, and never the lab", async () => {
    const { effects, calls, said } = fakePulumi({ cli: ok });
    assert.deepEqual(await provisionPulumi(homes, plugins, effects), { home: homes.user, source: "official" });
    assert.deepEqual(calls, [`cli ${homes.user}`, `plugin docker 5.2.0 ${homes.user}`, `plugin tls 5.6.1 ${homes.user}`]);
    assert.deepEqual(said, []);
  });

  it("falls back to the lab's own home when the CLI cannot be downloaded, saying so in one line", async () => {
    const { effects, calls, said } = fakePulumi({ cli: refused("pulumi: fetch failed") });
    assert.deepEqual(await provisionPulumi(homes, plugins, effects), { home: homes.lab, source: "lab" });
    assert.deepEqual(calls, [`cli ${homes.user}`, `lab ${homes.lab} docker,tls`]);
    assert.equal(said.length, 1);
    assert.match(said[0] ?? "", /^could not download the Pulumi CLI \(pulumi: fetch failed\): building it through the lab into .*pulumi-home .*20 minutes/);
  });

  it("falls back when a plugin cannot be acquired, naming that plugin, and stops asking for the rest", async () => {
    const { effects, calls, said } = fakePulumi({ cli: ok, plugins: { docker: refused("failed all 5 attempts") } });
    assert.equal((await provisionPulumi(homes, plugins, effects)).home, homes.lab);
    assert.deepEqual(calls, [`cli ${homes.user}`, `plugin docker 5.2.0 ${homes.user}`, `lab ${homes.lab} docker,tls`]);
    assert.match(said[0] ?? "", /^could not download the Pulumi docker 5\.2\.0 plugin \(failed all 5 attempts\)/);
  });

  it("stops with both causes and what to install when downloads fail and Go is missing", async () => {
    const { effects, calls } = fakePulumi({ cli: refused("pulumi: fetch failed"), go: false });
    await assert.rejects(provisionPulumi(homes, plugins, effects), (error: unknown) => {
      assert.ok(error instanceof ProvisioningError);
      assert.match(error.message, /could not download the Pulumi CLI \(pulumi: fetch failed\), and Go is not installed/);
      assert.match(error.message, /install Go 1\.25\.11 or newer/);
      return true;
    });
    assert.deepEqual(calls, [`cli ${homes.user}`], "nothing was built");
  });
});

function fakeImages(pulls: Record<string, Attempt>, go = true) {
  const said: string[] = [];
  let labBuilds = 0;
  const effects: ImageEffects & LabPrerequisites = {
    pullImage: (image) => Promise.resolve(pulls[image] ?? ok),
    labImages: () => {
      labBuilds += 1;
      return Promise.resolve({ milvus: "milvus-tracing-lab/milvus:2.3.5", jaeger: "milvus-tracing-lab/jaeger:2.13.0" });
    },
    goAvailable: () => Promise.resolve(go),
    say: (line) => said.push(line),
  };
  return { effects, said, labBuilds: () => labBuilds };
}

const configured = { milvus: "milvusdb/milvus:v2.6.15", jaeger: "jaegertracing/jaeger:2.20.0" };

describe("provisionImages", () => {
  it("keeps the configured images when the registry provides them", async () => {
    const { effects, said, labBuilds } = fakeImages({});
    assert.deepEqual(await provisionImages(configured, effects), {
      milvus: { configured: configured.milvus, labSubstitute: undefined },
      jaeger: { configured: configured.jaeger, labSubstitute: undefined },
    });
    assert.equal(labBuilds(), 0);
    assert.deepEqual(said, []);
  });

  it("substitutes the lab's build only for the image that could not be pulled", async () => {
    const { effects, said, labBuilds } = fakeImages({ [configured.milvus]: refused("no such host") });
    assert.deepEqual(await provisionImages(configured, effects), {
      milvus: { configured: configured.milvus, labSubstitute: "milvus-tracing-lab/milvus:2.3.5" },
      jaeger: { configured: configured.jaeger, labSubstitute: undefined },
    });
    assert.equal(labBuilds(), 1);
    assert.equal(said.length, 1);
    assert.match(said[0] ?? "", /^could not pull milvusdb\/milvus:v2\.6\.15 \(no such host\): building the lab's images instead/);
  });

  it("stops with both causes when images cannot be pulled and Go is missing", async () => {
    const { effects, labBuilds } = fakeImages({ [configured.milvus]: refused("no such host"), [configured.jaeger]: refused("no such host") }, false);
    await assert.rejects(provisionImages(configured, effects), /could not download milvusdb\/milvus:v2\.6\.15 \(no such host\), jaegertracing\/jaeger:2\.20\.0 \(no such host\), and Go is not installed/);
    assert.equal(labBuilds(), 0);
  });

  it("refuses a service the registry lacks and the lab has no build of, naming it", async () => {
    const { effects } = fakeImages({ "example/store:1": refused("no such host") });
    await assert.rejects(
      provisionImages({ ...configured, store: "example/store:1" }, effects),
      /could not pull example\/store:1, and the lab builds no store image to run in its place/,
    );
  });
});
