import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { deployedProviders } from "./deployedProviders";

const backend = mkdtempSync(join(tmpdir(), "deployed-providers-"));
const stacks = join(backend, ".pulumi", "stacks", "milvus-tracing");
mkdirSync(stacks, { recursive: true });
const checkpoint = (...types: string[]): string => JSON.stringify({ version: 3, checkpoint: { latest: { resources: types.map((type) => ({ type })) } } });

after(() => {
  rmSync(backend, { recursive: true, force: true });
});

describe("deployedProviders", () => {
  it("reads the stack's checkpoint from a file backend", () => {
    writeFileSync(join(stacks, "dev.json"), checkpoint("pulumi:pulumi:Stack", "pulumi:providers:docker", "docker:index/container:Container"));
    assert.deepEqual(deployedProviders(`file://${backend}`, "milvus-tracing", "dev"), ["docker"]);
  });

  it("reads a gzipped checkpoint (PULUMI_SELF_MANAGED_STATE_GZIP)", () => {
    writeFileSync(join(stacks, "prod.json.gz"), gzipSync(checkpoint("pulumi:providers:kubernetes", "pulumi:providers:tls")));
    assert.deepEqual(deployedProviders(`file://${backend}`, "milvus-tracing", "prod"), ["kubernetes", "tls"]);
  });

  it("has none for a stack with no checkpoint yet", () => {
    assert.deepEqual(deployedProviders(`file://${backend}`, "milvus-tracing", "new"), []);
  });

  it("does not know (undefined) when the checkpoint cannot be read or the backend is not a file backend", () => {
    writeFileSync(join(stacks, "broken.json"), "{ not json");
    assert.equal(deployedProviders(`file://${backend}`, "milvus-tracing", "broken"), undefined);
    assert.equal(deployedProviders("https://api.pulumi.com", "milvus-tracing", "dev"), undefined);
    assert.equal(deployedProviders("file://~/state", "milvus-tracing", "dev"), undefined);
    assert.equal(deployedProviders(undefined, "milvus-tracing", "dev"), undefined);
  });
});
