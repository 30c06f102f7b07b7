import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { argsFromConfig } from "./argsFromConfig";

void pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: {} }), call: () => ({}) }, "milvus-tracing", "test", false);

describe("argsFromConfig", () => {
  it("types the CLI's strings as the args declare them, leaves unset keys out and keeps secrets secret", async () => {
    pulumi.runtime.setAllConfig(
      {
        "milvus-tracing:sampleFraction": "0.25",
        "milvus-tracing:tailBaselinePercent": "10",
        "milvus-tracing:secure": "true",
        "milvus-tracing:retainData": "false",
        "milvus-tracing:namespace": "",
        "milvus-tracing:externalPorts": "milvus-grpc",
        "milvus-tracing:forwardCa": "PEM",
        "docker:host": "unix:///var/run/docker.sock",
      },
      ["milvus-tracing:forwardCa"],
    );
    const { forwardCa, ...plain } = argsFromConfig("milvus-tracing");
    assert.deepEqual(plain, { sampleFraction: 0.25, tailBaselinePercent: 10, secure: true, retainData: false, externalPorts: "milvus-grpc" });
    assert.ok(pulumi.Output.isInstance(forwardCa));
    assert.equal(await pulumi.isSecret(pulumi.output(forwardCa)), true);
  });
});
