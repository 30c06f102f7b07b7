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

describe("the forwarder's counters", () => {
  const text = [
    'otelcol_exporter_sent_spans_total{exporter="jaeger_storage_exporter"} 10',
    'otelcol_exporter_sent_spans_total{exporter="otlp/forward"} 7',
    'otelcol_exporter_send_failed_spans_total{exporter="otlp/forward"} 3',
    'otelcol_exporter_enqueue_failed_spans_total{exporter="otlp/forward"} 1',
    'otelcol_exporter_queue_size{data_type="traces",exporter="otlp/forward"} 40',
    'otelcol_exporter_queue_capacity{data_type="traces",exporter="otlp/forward"} 5000',
  ].join("\n");

  it("tells the forwarder from the storage exporter by the exporter label", () => {
    const counters = parseCollectorCounters(text);
    assert.equal(counters.exporterSent, 10);
    assert.deepEqual(counters.forward, { exporter: "otlp/forward", sent: 7, failed: 3, enqueueFailed: 1, queueSize: 40, queueCapacity: 5000 });
    assert.equal(parseCollectorCounters(recorded).forward, undefined);
  });

  it("counts the run's window of sends and failures, the queue as it stands, and says spans were lost", () => {
    const before = parseCollectorCounters(text);
    const after = parseCollectorCounters(text.replace("} 7", "} 17").replace("} 40", "} 0"));
    const delta = countersSince(before, after);
    assert.deepEqual(delta.forward, { exporter: "otlp/forward", sent: 10, failed: 0, enqueueFailed: 0, queueSize: 0, queueCapacity: 5000 });
    assert.match(describeCollector(delta).join("\n"), /forwarder otlp\/forward: 10 spans sent to the backend, 0 failed, 0 refused by a full queue; 0 of 5000 queued$/);
    assert.match(describeCollector(before).join("\n"), /spans LOST to the backend/);
  });
});
