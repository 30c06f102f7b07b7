import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HealthProbe, Workload, type ServiceDescription } from "./serviceDescription";
import { createInStartOrder, orderByStartsAfter, startingAfter } from "./startOrder";

const service = (name: string, startsAfter: string[] = []): ServiceDescription => ({
  name,
  image: `${name}:1`,
  args: [],
  env: {},
  ports: [],
  files: [],
  health: { probe: HealthProbe.fromTcpSocket(1), programsInImage: [], startPeriodSeconds: 0, intervalSeconds: 1, timeoutSeconds: 1, failureThreshold: 1 },
  workload: Workload.stateless(1),
  volumes: [],
  resources: { cpuRequest: "1", memoryRequest: "1Gi", cpuLimit: "1", memoryLimit: "1Gi" },
  needsRelaxedSyscallFilter: false,
  startsAfter,
});

describe("orderByStartsAfter", () => {
  it("puts every service after the ones it starts after", () => {
    const names = orderByStartsAfter([service("milvus", ["jaeger"]), service("attu", ["milvus"]), service("jaeger")]).map((s) => s.name);
    assert.deepEqual(names, ["jaeger", "milvus", "attu"]);
  });
  it("refuses cycles, naming them", () => {
    assert.throws(() => orderByStartsAfter([service("a", ["b"]), service("b", ["a"])]), /cycle: a -> b -> a/);
  });
  it("refuses a dependency that is not deployed", () => {
    assert.throws(() => orderByStartsAfter([service("milvus", ["jaeger"])]), /milvus starts after jaeger, which is not deployed/);
  });
  it("refuses to start a service after one that has no health check, rather than after its creation", () => {
    assert.throws(
      () => orderByStartsAfter([service("milvus", ["jaeger"]), { ...service("jaeger"), health: undefined }]),
      /milvus starts after jaeger, which has no health check/,
    );
    assert.equal(orderByStartsAfter([{ ...service("jaeger"), health: undefined }]).length, 1, "nothing waits for it: allowed");
  });
  it("refuses replicas no platform can run: none, or several sharing one volume", () => {
    const volume = { name: "data", mountPath: "/data", size: "1Gi", retainOnDelete: true };
    assert.throws(() => orderByStartsAfter([{ ...service("a"), workload: Workload.stateless(0) }]), /a has 0 replicas: expected a whole number from 1/);
    assert.throws(
      () => orderByStartsAfter([{ ...service("a"), workload: Workload.stateless(2), volumes: [volume] }]),
      /a has 2 stateless replicas and volumes, which they would share: make it stateful/,
    );
    assert.equal(orderByStartsAfter([{ ...service("a"), workload: Workload.stateful(2), volumes: [volume] }]).length, 1);
  });
  it("refuses two services of one name", () => {
    assert.throws(() => orderByStartsAfter([service("a"), service("a")]), /unique/);
  });
});

describe("startingAfter", () => {
  it("names the services that wait for one", () => {
    const services = [service("milvus", ["jaeger"]), service("attu", ["milvus", "jaeger"]), service("jaeger")];
    assert.deepEqual(startingAfter(services, "jaeger"), ["milvus", "attu"]);
    assert.deepEqual(startingAfter(services, "attu"), []);
  });
});

describe("createInStartOrder", () => {
  it("hands each service what was created for its predecessors", () => {
    const created = createInStartOrder([service("milvus", ["jaeger"]), service("jaeger")], (s, after: string[]) => `${s.name}<-[${after.join(",")}]`);
    assert.deepEqual([...created.entries()], [
      ["jaeger", "jaeger<-[]"],
      ["milvus", "milvus<-[jaeger<-[]]"],
    ]);
  });
});
