import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderJaegerConfig } from "./jaegerConfig";
import { numTraces, PROBE_SERVICE_NAME, renderTracePipeline } from "./tailSampling";
import { parseOptions } from "../../verify/options";

interface Rendered {
  service: { pipelines: { traces: { processors: string[] } }; telemetry: { metrics: { readers: { pull: { exporter: { prometheus: { host: string; port: number } } } }[] } } };
  processors: {
    memory_limiter?: Record<string, unknown>;
    tail_sampling?: { decision_wait: string; num_traces: number; policies: { name: string; type: string }[] };
    batch: unknown;
  };
}

const GIB = 2 ** 30;
const tail = { latencyThresholdMs: 1000, keepErrors: true, baselinePercent: 10, decisionWaitSeconds: 10 };
const render = (options: Parameters<typeof renderTracePipeline>[0]): Rendered =>
  parse(renderJaegerConfig({ storage: { backend: "memory", maxTraces: 1000 }, tls: undefined, pipeline: renderTracePipeline(options) })) as Rendered;

describe("renderTracePipeline", () => {
  it("head: batch alone, as before", () => {
    const config = render({ tail: undefined, memoryLimitBytes: GIB });
    assert.deepEqual(config.service.pipelines.traces.processors, ["batch"]);
    assert.deepEqual(Object.keys(config.processors), ["batch"]);
  });

  it("tail: memory_limiter, then tail_sampling, then batch", () => {
    const config = render({ tail, memoryLimitBytes: GIB });
    assert.deepEqual(config.service.pipelines.traces.processors, ["memory_limiter", "tail_sampling", "batch"]);
    assert.equal(config.processors.tail_sampling?.decision_wait, "10s");
  });

  it("sizes the limiter and the waiting traces from Jaeger's memory limit", () => {
    const config = render({ tail, memoryLimitBytes: GIB });
    assert.deepEqual(config.processors.memory_limiter, { check_interval: "1s", limit_mib: 819, spike_limit_mib: 163 });
    assert.equal(config.processors.tail_sampling?.num_traces, 4096);
    assert.equal(numTraces(8 * GIB), 32768);
    assert.equal(numTraces(64 * 2 ** 20), 1000, "never below a floor");
    assert.equal(numTraces(undefined), 50_000, "the processor's default without a limit");
    const unlimited = render({ tail, memoryLimitBytes: undefined });
    assert.deepEqual(unlimited.processors.memory_limiter, { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 });
  });

  it("keeps verify's traces, slow ones, failed ones, and a baseline of the rest", () => {
    const config = render({ tail, memoryLimitBytes: GIB });
    assert.deepEqual(config.processors.tail_sampling?.policies, [
      { name: "probes", type: "string_attribute", string_attribute: { key: "service.name", values: [PROBE_SERVICE_NAME] } },
      { name: "slow", type: "latency", latency: { threshold_ms: 1000 } },
      { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
      { name: "baseline", type: "probabilistic", probabilistic: { sampling_percentage: 10 } },
    ]);
    const withoutErrors = render({ tail: { ...tail, keepErrors: false }, memoryLimitBytes: GIB });
    assert.deepEqual(withoutErrors.processors.tail_sampling?.policies.map((policy) => policy.name), ["probes", "slow", "baseline"]);
  });

  it("keeps the service name verify uses by default", () => {
    const options = parseOptions([], {});
    assert.notEqual(options, "help");
    if (options !== "help") assert.equal(options.serviceName, PROBE_SERVICE_NAME);
  });

  it("serves the collector's own metrics on their port in either mode", () => {
    for (const mode of [undefined, tail]) {
      const config = render({ tail: mode, memoryLimitBytes: GIB });
      assert.deepEqual(config.service.telemetry.metrics.readers, [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } }]);
    }
  });
});
