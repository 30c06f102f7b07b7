import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dockerEndpoint } from "./dockerExisting";

describe("dockerEndpoint", () => {
  it("reads DOCKER_HOST as the docker provider does", () => {
    assert.deepEqual(dockerEndpoint(undefined), { socketPath: "/var/run/docker.sock" });
    assert.deepEqual(dockerEndpoint("unix:///root/.cache/milvus-tracing/docker/docker.sock"), { socketPath: "/root/.cache/milvus-tracing/docker/docker.sock" });
    assert.deepEqual(dockerEndpoint("tcp://127.0.0.1:2375"), { host: "127.0.0.1", port: 2375 });
  });

  it("says which DOCKER_HOST it cannot read rather than skipping the check", () => {
    assert.throws(() => dockerEndpoint("ssh://me@host"), /DOCKER_HOST=ssh:\/\/me@host: the ownership check reads the engine over unix:\/\/ or plain tcp:\/\/ only/);
  });
});
