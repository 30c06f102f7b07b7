import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configChecksum, fileKey } from "./configChecksum";

describe("configChecksum", () => {
  const etcd = { path: "/milvus/configs/embedEtcd.yaml", content: "x: 1\n" };
  const files = [{ path: "/milvus/configs/user.yaml", content: "trace:\n  sampleFraction: 1\n" }, etcd];
  it("does not depend on file order", () => {
    assert.equal(configChecksum(files), configChecksum([...files].reverse()));
  });
  it("changes when any content changes", () => {
    const changed = [{ path: "/milvus/configs/user.yaml", content: "trace:\n  sampleFraction: 0.5\n" }, etcd];
    assert.notEqual(configChecksum(files), configChecksum(changed));
  });
  it("changes when a file moves, even with the same content", () => {
    assert.notEqual(configChecksum([{ path: "/a", content: "b" }]), configChecksum([{ path: "/a2", content: "b" }]));
  });
});

describe("fileKey", () => {
  it("flattens a path into a valid ConfigMap key", () => {
    assert.equal(fileKey("/milvus/configs/user.yaml"), "milvus-configs-user.yaml");
    assert.match(fileKey("/etc/jaeger/tls/server-key.pem"), /^[-._a-zA-Z0-9]+$/);
  });
});
