import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployPhases, parseEngineEvents } from "./engineEvents";

const line = (Type: string, Action: string, name: string, ms: number) => JSON.stringify({ Type, Action, Actor: { ID: "x", Attributes: { name } }, time: Math.floor(ms / 1000), timeNano: ms * 1e6 });

const events = parseEngineEvents(
  [
    line("network", "create", "stack", 1_000),
    line("volume", "create", "stack-milvus-data", 1_010),
    line("container", "create", "milvus-tracing-dev-jaeger", 3_200),
    line("network", "connect", "stack", 3_300),
    line("container", "start", "milvus-tracing-dev-jaeger", 3_400),
    line("container", "health_status: healthy", "milvus-tracing-dev-jaeger", 6_400),
    line("container", "create", "milvus-tracing-dev-milvus", 7_000),
    line("container", "start", "milvus-tracing-dev-milvus", 7_300),
    line("container", "health_status: healthy", "milvus-tracing-dev-milvus", 12_300),
    "",
  ].join("\n"),
);

describe("deploy phases from the engine's events", () => {
  it("parses the events' names, actions and times", () => {
    assert.deepEqual(events[0], { type: "network", action: "create", name: "stack", timeMs: 1_000 });
    assert.equal(events.length, 9);
  });

  it("splits the deploy into the tool's start, the network, each service's wait to start and its own start, and the exit", () => {
    assert.deepEqual(deployPhases(events, { startMs: 200, endMs: 13_000 }, [{ name: "jaeger", after: undefined }, { name: "milvus", after: "jaeger" }]), {
      untilFirstEngineCallMs: 800,
      networkMs: 2_200,
      services: [
        { service: "jaeger", toStartMs: 200, startToHealthyMs: 3_000 },
        { service: "milvus", toStartMs: 900, startToHealthyMs: 5_000 },
      ],
      lastHealthyToExitMs: 700,
    });
  });

  it("tells services apart when every name carries the project's prefix, Compose's replica numbers included", () => {
    const compose = parseEngineEvents(
      [
        line("network", "create", "milvus-tracing-bench-compose_default", 0),
        line("container", "create", "milvus-tracing-bench-compose-jaeger-1", 100),
        line("container", "start", "milvus-tracing-bench-compose-jaeger-1", 200),
        line("container", "health_status: healthy", "milvus-tracing-bench-compose-jaeger-1", 3_200),
        line("container", "create", "milvus-tracing-bench-compose-milvus-1", 150),
        line("container", "start", "milvus-tracing-bench-compose-milvus-1", 3_500),
        line("container", "health_status: healthy", "milvus-tracing-bench-compose-milvus-1", 8_500),
      ].join("\n"),
    );
    const phases = deployPhases(compose, { startMs: 0, endMs: 9_000 }, [{ name: "jaeger", after: undefined }, { name: "milvus", after: "jaeger" }]);
    assert.deepEqual(
      phases.services.map((service) => [service.toStartMs, service.startToHealthyMs]),
      [
        [100, 3_000],
        [300, 5_000],
      ],
    );
  });

  it("times services that start side by side each from its own create, and the exit from the last to turn healthy", () => {
    const sideBySide = parseEngineEvents(
      [
        line("network", "create", "stack", 0),
        line("container", "create", "milvus-tracing-dev-milvus", 2_000),
        line("container", "create", "milvus-tracing-dev-jaeger", 2_100),
        line("container", "start", "milvus-tracing-dev-milvus", 2_600),
        line("container", "start", "milvus-tracing-dev-jaeger", 2_400),
        line("container", "health_status: healthy", "milvus-tracing-dev-jaeger", 5_400),
        line("container", "health_status: healthy", "milvus-tracing-dev-milvus", 7_600),
      ].join("\n"),
    );
    const phases = deployPhases(sideBySide, { startMs: 0, endMs: 8_000 }, [{ name: "jaeger", after: undefined }, { name: "milvus", after: undefined }]);
    assert.equal(phases.networkMs, 2_000);
    assert.deepEqual(phases.services.map((service) => [service.toStartMs, service.startToHealthyMs]), [[300, 3_000], [600, 5_000]]);
    assert.equal(phases.lastHealthyToExitMs, 400);
  });

  it("names the event it could not find", () => {
    assert.throws(() => deployPhases(events.slice(0, 3), { startMs: 0, endMs: 1 }, [{ name: "jaeger", after: undefined }]), /no container start of jaeger among the engine.s events/);
  });
});
