import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./loadSettings";

// No resource is created here: the mocks only give the program a project and a stack name.
void pulumi.runtime.setMocks(
  { newResource: (args: pulumi.runtime.MockResourceArgs) => ({ id: args.name, state: {} }), call: () => ({}) },
  "milvus-tracing",
  "test",
  false,
);

const withConfig = (config: Record<string, string>, secretKeys: string[] = []) => {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([key, value]) => [`milvus-tracing:${key}`, value])),
    secretKeys.map((key) => `milvus-tracing:${key}`),
  );
};

describe("loadSettings", () => {
  it("reads the project's config namespace and ignores other namespaces", () => {
    withConfig({ sampleFraction: "0.25", target: "kubernetes" });
    pulumi.runtime.setConfig("docker:host", "unix:///var/run/docker.sock");
    const { settings, suppliedTls } = loadSettings();
    assert.equal(settings.tracing.sampleFraction, 0.25);
    assert.equal(settings.target, "kubernetes");
    assert.equal(suppliedTls, undefined);
  });

  it("fails before any resource with every bad value named", () => {
    withConfig({ sampleFraction: "1.5", otlpMethod: "udp" });
    assert.throws(loadSettings, (error: unknown) => {
      assert.ok(error instanceof pulumi.RunError, "printed by Pulumi without a stack trace");
      assert.match(error.message, /milvus-tracing:sampleFraction = "1.5" is not allowed: expected a number from 0 to 1/);
      assert.match(error.message, /milvus-tracing:otlpMethod = "udp" is not allowed: expected one of grpc$/m);
      return true;
    });
  });

  it("takes a supplied certificate only as a complete set of secrets", async () => {
    withConfig({ secure: "true", tlsCert: "CERT", tlsKey: "KEY", tlsCa: "CA" }, ["tlsCert", "tlsKey", "tlsCa"]);
    const { suppliedTls } = loadSettings();
    assert.ok(suppliedTls);
    assert.equal(await new Promise((resolve) => suppliedTls.caPem.apply(resolve)), "CA");
  });

  it("lists an incomplete certificate with the other bad values, as a configuration error", () => {
    withConfig({ secure: "true", tlsCert: "CERT", otlpMethod: "udp" }, ["tlsCert"]);
    assert.throws(loadSettings, (error: unknown) => {
      assert.ok(error instanceof pulumi.RunError, "printed by Pulumi without a stack trace");
      assert.match(error.message, /^ {2}- milvus-tracing:otlpMethod = "udp" is not allowed/m);
      assert.match(
        error.message,
        /^ {2}- milvus-tracing:tlsCert is set without tlsKey and tlsCa: expected all of tlsCert, tlsKey, tlsCa as secrets, or none to have them generated$/m,
      );
      return true;
    });
  });

  it("refuses a certificate or key set in plain text, saying how to set it as a secret, without printing it", () => {
    withConfig({ secure: "true", tlsCert: "CERT", tlsKey: "PRIVATE KEY TEXT", tlsCa: "CA" }, ["tlsCert", "tlsCa"]);
    assert.throws(loadSettings, (error: unknown) => {
      assert.ok(error instanceof pulumi.RunError);
      assert.match(error.message, /milvus-tracing:tlsKey is set in plain text \(value not shown\): expected a secret; set it with pulumi config set --secret tlsKey -- "\$\(cat server-key.pem\)"/);
      assert.doesNotMatch(error.message, /PRIVATE KEY TEXT|tlsCert is set in plain|tlsCa is set in plain/);
      return true;
    });
  });
});
