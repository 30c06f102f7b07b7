import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

const objectsOf = async (stack: string): Promise<string[]> => {
  const listed = await Promise.all([
    docker(["ps", "-a", "--filter", `name=milvus-tracing-${stack}-`, "--format", "container/{{.Names}}"]),
    docker(["network", "ls", "--filter", `name=milvus-tracing-${stack}`, "--format", "network/{{.Name}}"]),
    docker(["volume", "ls", "--filter", `name=milvus-tracing-${stack}-`, "--format", "volume/{{.Name}}"]),
  ]);
  return listed.join("\n").split("\n").filter(Boolean).sort();
};
const ownerLabel = (kind: string, name: string) => docker([kind, "inspect", "-f", '{{index .Labels "milvus-tracing/stack"}}', name]);
const containerOwner = (name: string) => docker(["inspect", "-f", '{{index .Config.Labels "milvus-tracing/stack"}}', name]);

before(() => {
  assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
});

describe("two Docker stacks side by side on one engine", () => {
  const stacks: ThrowawayStack[] = [];
  before(async () => {
    for (const [label, base] of [["side-a", 26000], ["side-b", 27000]] as const) {
      stacks.push(await ThrowawayStack.create(label, { target: "docker", sampleFraction: 1, retainData: false, ...images, ...ports(base) }));
    }
  });
  after(async () => {
    for (const stack of stacks) {
      await stack.destroy();
      await stack.remove();
    }
  });

  it("deploy, each labelling what it made as its own, and verify passes on both", async () => {
    for (const stack of stacks) {
      const up = await stack.up();
      assert.equal(up.code, 0, up.output);
    }
    for (const stack of stacks) {
      const owner = `milvus-tracing.${stack.name}`;
      assert.equal(await containerOwner(`milvus-tracing-${stack.name}-milvus`), owner);
      assert.equal(await ownerLabel("volume", `milvus-tracing-${stack.name}-milvus-data`), owner);
      assert.equal(await ownerLabel("network", `milvus-tracing-${stack.name}`), owner);
      const { code, verdict } = await stack.verify();
      assert.equal(code, 0, JSON.stringify(verdict?.checks));
    }
  });

  it("destroying one leaves the other whole and working", async () => {
    const [first, second] = stacks;
    assert.ok(first && second);
    const secondBefore = await objectsOf(second.name);
    assert.equal(secondBefore.length, 5, secondBefore.join(", "));
    const destroyed = await first.destroy();
    assert.equal(destroyed.code, 0, destroyed.output);
    assert.deepEqual(await objectsOf(first.name), []);
    assert.deepEqual(await objectsOf(second.name), secondBefore);
    const { code, verdict } = await second.verify();
    assert.equal(code, 0, JSON.stringify(verdict?.checks));
  });
});

describe("a Docker stack whose names are taken by objects it did not create", () => {
  const name = "e2e-taken";
  const volume = `milvus-tracing-${name}-milvus-data`;
  let stack: ThrowawayStack;
  before(async () => {
    await docker(["volume", "create", "--label", "team=search", volume]);
    stack = await ThrowawayStack.create("taken", { target: "docker", retainData: false, ...images, ...ports(28000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    await docker(["volume", "rm", "-f", volume]);
  });

  it("is refused at preview and at up, naming the object and how to go on, and the object is untouched", async () => {
    const createdBefore = await docker(["volume", "inspect", "-f", "{{.CreatedAt}}", volume]);
    const preview = await stack.preview();
    assert.notEqual(preview.code, 0);
    assert.match(preview.output, new RegExp(`volume/${volume} exists and has no milvus-tracing/stack label: this stack did not create it`));
    assert.match(preview.output, new RegExp(`pulumi config set adoptObjects volume/${volume}`));
    assert.doesNotMatch(preview.output, /^\s+at .+\(.+:\d+:\d+\)$/m, "no stack trace");
    const up = await stack.up();
    assert.notEqual(up.code, 0);
    assert.match(up.output, /nothing was deployed/);
    assert.deepEqual(await objectsOf(name), [`volume/${volume}`], "no container or network was made");
    assert.equal(await docker(["volume", "inspect", "-f", "{{.CreatedAt}} {{.Labels}}", volume]), `${createdBefore} map[team:search]`);
  });

  it("plans to take it over once adoptObjects names it", async () => {
    stack.setConfig({ adoptObjects: `volume/${volume}` });
    const preview = await stack.preview();
    assert.equal(preview.code, 0, preview.output);
  });
});
