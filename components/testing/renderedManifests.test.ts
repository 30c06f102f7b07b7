import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderedManifests } from "./renderedManifests";

describe("renderedManifests", () => {
  it("gives every object the program creates as a manifest, config referenced by the name it gets", async () => {
    const manifests = await renderedManifests({ namespace: "bench" });
    assert.deepEqual(manifests.map((m) => `${m.apiVersion} ${m.kind}`).sort(), [
      "apps/v1 Deployment",
      "apps/v1 Deployment",
      "v1 ConfigMap",
      "v1 ConfigMap",
      "v1 Namespace",
      "v1 PersistentVolumeClaim",
      "v1 PersistentVolumeClaim",
      "v1 Service",
      "v1 Service",
    ]);
    const configMaps = manifests.filter((m) => m.kind === "ConfigMap").map((m) => m.metadata.name);
    const milvus = manifests.find((m) => m.kind === "Deployment" && m.metadata.name === "milvus") as unknown as {
      spec: { template: { spec: { volumes: { configMap?: { name: string } }[] } } };
    };
    const mounted = milvus.spec.template.spec.volumes.flatMap((volume) => (volume.configMap ? [volume.configMap.name] : []));
    assert.equal(mounted.length, 1);
    assert.ok(configMaps.includes(mounted[0]), "the Deployment mounts a ConfigMap that is in the manifests");
    assert.ok(manifests.every((m) => m.kind === "Namespace" || m.metadata.namespace === "bench"));
  });
});
