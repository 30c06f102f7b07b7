import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { countersSince, describeCollector, parseCollectorCounters } from "./collectorCounters";

const recorded = readFileSync(join(__dirname, "fixtures", "jaeger-2.13-metrics.txt"), "utf8");

describe("collector counters", () => {
  it("reads the real Jaeger 2.13's series: 34 spans accepted, 3 of 34 traces kept and stored", () => {
    assert.deepEqual(parseCollectorCounters(recorded), {
      receiverAccepted: 34,
      receiverRefused: 0,
      exporterSent: 3,
      exporterFailed: 0,
      tracesKept: 3,
      tracesDropped: 31,
      droppedTooEarly: 0,
    });
  });

  it("counts a series it does not find as 0, and sums one over its labels", () => {
    const text = 'otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 5\notelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 2\n';
    assert.deepEqual(parseCollectorCounters(text), { receiverAccepted: 7, receiverRefused: 0, exporterSent: 0, exporterFailed: 0, tracesKept: 0, tracesDropped: 0, droppedTooEarly: 0 });
  });

  it("reports the run's window, and says spans were lost when the collector refused or dropped any", () => {
    const before = parseCollectorCounters(recorded);
    const after = { ...before, receiverAccepted: 134, receiverRefused: 4, exporterSent: 13 };
    const delta = countersSince(before, after);
    assert.equal(delta.receiverAccepted, 100);
    assert.equal(delta.tracesKept, 0);
    const lines = describeCollector(delta);
    assert.match(lines[0] ?? "", /100 spans accepted, 4 refused; 10 stored, 0 failed to store/);
    assert.match(lines[1] ?? "", /spans LOST/);
    assert.doesNotMatch(describeCollector(countersSince(before, before))[1] ?? "", /LOST/);
  });
});
