import assert from "node:assert/strict";
import { it } from "node:test";
import { parse } from "yaml";
import { renderEmbedEtcdConfig } from "./embedEtcdConfig";

it("renderEmbedEtcdConfig gives the embedded etcd its client URLs and compaction", () => {
  const config = parse(renderEmbedEtcdConfig()) as Record<string, unknown>;
  assert.equal(config["listen-client-urls"], "http://0.0.0.0:2379");
  assert.equal(config["advertise-client-urls"], "http://0.0.0.0:2379");
  assert.equal(config["auto-compaction-mode"], "revision");
  assert.equal(config["auto-compaction-retention"], "1000");
  assert.equal(config["quota-backend-bytes"], 4294967296);
});
