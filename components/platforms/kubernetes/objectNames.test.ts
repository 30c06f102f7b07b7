import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { objectRef } from "../../ownership/ownershipDecision";
import { validateSettings } from "../../settings/validateSettings";
import { describeServices, SERVICE_TABLE } from "../../services/serviceTable";
import { plannedDockerObjects } from "../docker/objectNames";
import { plannedKubernetesObjects } from "./objectNames";

const settings = validateSettings({}, "milvus-tracing", new Set(), "prod");
const services = describeServices(SERVICE_TABLE, settings, undefined);

describe("planned fixed-name objects", () => {
  it("Kubernetes: the namespace, and per service its Deployment, Service, external Service when ports leave, and claims", () => {
    assert.deepEqual(plannedKubernetesObjects(services, "ns", "ClusterIP", ["milvus-grpc"]).map(objectRef).sort(), [
      "namespace/ns",
      "deployment/ns/jaeger",
      "service/ns/jaeger",
      "persistentvolumeclaim/ns/jaeger-data",
      "deployment/ns/milvus",
      "service/ns/milvus",
      "persistentvolumeclaim/ns/milvus-data",
    ].sort());
    const nodePort = plannedKubernetesObjects(services, "ns", "NodePort", ["milvus-grpc"]).map(objectRef);
    assert.ok(nodePort.includes("service/ns/milvus-external"));
    assert.ok(!nodePort.includes("service/ns/jaeger-external"));
  });

  it("Kubernetes, in the caller's namespace (createNamespace false): the objects inside it, not the namespace", () => {
    const planned = plannedKubernetesObjects(services, "ns", "ClusterIP", [], false).map(objectRef);
    assert.ok(!planned.includes("namespace/ns"), planned.join(", "));
    assert.ok(planned.includes("deployment/ns/milvus") && planned.includes("persistentvolumeclaim/ns/jaeger-data"), planned.join(", "));
  });

  it("Docker: the network, and per service its container and volumes, under the stack's prefix", () => {
    assert.deepEqual(plannedDockerObjects(services, "milvus-tracing-prod").map(objectRef).sort(), [
      "network/milvus-tracing-prod",
      "container/milvus-tracing-prod-jaeger",
      "volume/milvus-tracing-prod-jaeger-data",
      "container/milvus-tracing-prod-milvus",
      "volume/milvus-tracing-prod-milvus-data",
    ].sort());
  });
});
