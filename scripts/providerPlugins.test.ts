import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type PluginSettings, providerPluginsFor, providersInCheckpoint } from "./providerPlugins";

const stack = (target: "docker" | "kubernetes", secure: boolean): PluginSettings => ({ target, tracing: { secure } });

describe("providerPluginsFor", () => {
  it("needs only the docker plugin for a new Docker stack without secure (the dev stack)", () => {
    assert.deepEqual(providerPluginsFor(stack("docker", false), []), ["docker"]);
  });

  it("needs only the kubernetes plugin for a new Kubernetes stack without secure", () => {
    assert.deepEqual(providerPluginsFor(stack("kubernetes", false), []), ["kubernetes"]);
  });

  it("adds tls when secure, on either target (the program generates the OTLP CA with it)", () => {
    assert.deepEqual(providerPluginsFor(stack("docker", true), []), ["docker", "tls"]);
    assert.deepEqual(providerPluginsFor(stack("kubernetes", true), []), ["kubernetes", "tls"]);
  });

  it("keeps the providers of resources already deployed, which the update deletes through them", () => {
    assert.deepEqual(providerPluginsFor(stack("docker", false), ["docker", "tls"]), ["docker", "tls"], "secure switched off");
    assert.deepEqual(providerPluginsFor(stack("kubernetes", false), ["docker"]), ["docker", "kubernetes"], "target switched");
  });

  it("needs every plugin when the stack's state could not be read", () => {
    assert.deepEqual(providerPluginsFor(stack("docker", false), undefined), ["docker", "kubernetes", "tls"]);
  });

  it("ignores deployed packages that are no plugin of this program", () => {
    assert.deepEqual(providerPluginsFor(stack("docker", false), ["pulumi-nodejs"]), ["docker"]);
  });
});

describe("providersInCheckpoint", () => {
  it("reads the provider packages of a checkpoint the real CLI wrote (a secure Docker stack)", () => {
    // Recorded from `pulumi up` of a secure Docker stack on a file backend (CLI 3.259.0), cut
    // down to each resource's urn, type, parent and provider.
    const checkpoint: unknown = JSON.parse(readFileSync(join(__dirname, "fixtures", "secureDockerCheckpoint.json"), "utf8"));
    assert.deepEqual(providersInCheckpoint(checkpoint), ["docker", "tls"]);
  });

  it("has none for a destroyed stack, whose checkpoint has no resources", () => {
    assert.deepEqual(providersInCheckpoint({ version: 3, checkpoint: { stack: "organization/milvus-tracing/dev", latest: { manifest: {} } } }), []);
    assert.deepEqual(providersInCheckpoint({ version: 3, checkpoint: { stack: "organization/milvus-tracing/dev" } }), []);
  });

  it("counts the provider of a pending operation", () => {
    const checkpoint = { checkpoint: { latest: { resources: [], pending_operations: [{ type: "deleting", resource: { type: "pulumi:providers:kubernetes" } }] } } };
    assert.deepEqual(providersInCheckpoint(checkpoint), ["kubernetes"]);
  });

  it("reads nothing from what is not a checkpoint", () => {
    assert.deepEqual(providersInCheckpoint(null), []);
    assert.deepEqual(providersInCheckpoint({ checkpoint: { latest: { resources: [{ type: 7 }, {}] } } }), []);
  });
});
