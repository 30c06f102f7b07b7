import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { validateSettings } from "../settings/validateSettings";
import { describeServices, SERVICE_TABLE } from "./serviceTable";

interface Processors {
  service: { pipelines: { traces: { processors: string[] } } };
  processors: { memory_limiter?: { limit_mib: number }; tail_sampling?: { num_traces: number; decision_wait: string } };
}

function jaegerConfig(raw: Record<string, unknown>): Processors {
  const jaeger = describeServices(SERVICE_TABLE, validateSettings(raw), undefined).find((service) => service.name === "jaeger");
  const content = jaeger?.files.find((file) => file.path === "/etc/jaeger/config.yaml")?.content;
  assert.equal(typeof content, "string");
  return parse(content as string) as Processors;
}

describe("Jaeger under the stack's sampling mode", () => {
  it("head (the default): batch alone", () => {
    assert.deepEqual(jaegerConfig({}).service.pipelines.traces.processors, ["batch"]);
  });

  it("tail: the pipeline sized from jaegerMemoryLimit, waiting tailDecisionWaitSeconds", () => {
    const config = jaegerConfig({ samplingMode: "tail", jaegerMemoryLimit: "2Gi", tailDecisionWaitSeconds: 15 });
    assert.deepEqual(config.service.pipelines.traces.processors, ["memory_limiter", "tail_sampling", "batch"]);
    assert.equal(config.processors.memory_limiter?.limit_mib, 1638);
    const tailSampling = config.processors.tail_sampling;
    assert.ok(tailSampling);
    assert.equal(tailSampling.num_traces, 8192);
    assert.equal(tailSampling.decision_wait, "15s");
  });
});
