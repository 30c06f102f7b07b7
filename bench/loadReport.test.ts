import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CollectorCounters } from "../verify/collectorCounters";
import { cleanRateLines, faultLines, latencyTable, renderTable, resourceTable, spanTable, type RateRun } from "./loadReport";
import { accountSpans, faultLoss } from "./spanAccounting";

const quiet: CollectorCounters = { receiverAccepted: 0, receiverRefused: 0, exporterSent: 0, exporterFailed: 0, tracesKept: 0, tracesDropped: 0, droppedTooEarly: 0 };
const estimate = (value: number) => ({ ratio: value, low: value - 0.05, high: value + 0.05, confidence: 0.95, resolves: false, resolution: 0.05 });

function run(mode: "head" | "tail", callsPerSecond: number, collector: Partial<CollectorCounters>): RateRun {
  return {
    mode,
    callsPerSecond,
    calls: { traced: 100, untraced: 100, failed: 0 },
    answeredPerSecond: 9.87,
    latencyMs: { traced: { p50: 201.25, p99: 410 }, untraced: { p50: 200, p99: 400 } },
    ratios: { p50: estimate(1.00625), p99: estimate(1.025) },
    pairs: 10,
    lagP99Ms: 1.5,
    spans: accountSpans({ ended: 200, exported: 200, failed: 0 }, { ...quiet, receiverAccepted: 1200, exporterSent: 1200, ...collector }),
    cpuSeconds: { jaeger: 1.23, milvus: 10.5, client: 2 },
    peakRssBytes: { jaeger: 100 * 2 ** 20, milvus: 600 * 2 ** 20 },
    windowSeconds: 27.2,
  };
}

describe("the load report", () => {
  it("aligns a table: the first column on the left, the rest on the right", () => {
    assert.deepEqual(
      renderTable(
        ["mode", "n"],
        [
          ["head", "5"],
          ["tail", "100"],
        ],
      ),
      ["mode    n", "----  ---", "head    5", "tail  100"],
    );
  });

  it("prints latencies with their ratios and intervals", () => {
    const [header, , row] = latencyTable([run("head", 10, {})]);
    assert.match(header ?? "", /^mode {2}calls\/s {2}answered\/s {2}calls traced\/untraced {2}failed {2}p50 traced/);
    assert.match(row ?? "", /head +10 +9\.9 +100\/100 +0 +201\.3 +200\.0 +1\.006 \(0\.956-1\.056\) +410\.0 +400\.0 +1\.025 \(0\.975-1\.075\) +1\.5$/);
  });

  it("prints the spans, with tail sampling's decisions only under tail", () => {
    const [, , head, tail] = spanTable([run("head", 10, {}), run("tail", 10, { exporterSent: 300, tracesKept: 10, tracesDropped: 90, receiverRefused: 4 })]);
    assert.match(head ?? "", /head +10 +200 \(0\) +1000 +1200 +0 +1200 +0 +- +0$/);
    assert.match(tail ?? "", /tail +10 +200 \(0\) +1000 +1200 +4 +300 +0 +10\/90\/0 +4$/);
  });

  it("prints CPU seconds and peak memory in MiB", () => {
    const [, , row] = resourceTable([run("head", 50, {})]);
    assert.match(row ?? "", /head +50 +27 +1\.2 +100 +10\.5 +600 +2\.0$/);
  });

  it("ends on the highest rate with nothing dropped, per mode", () => {
    const lines = cleanRateLines([run("head", 10, {}), run("head", 100, {}), run("tail", 10, {}), run("tail", 100, { droppedTooEarly: 3 })], ["head", "tail"]);
    assert.match(lines[0] ?? "", /policy drops are intended and not counted/);
    assert.equal(lines[1], "highest rate with 0 dropped spans: 100 calls/s (head) / 10 calls/s (tail)");
  });

  it("says what a fault cost", () => {
    const lines = faultLines({
      mode: "tail",
      callsPerSecond: 50,
      downSeconds: 11.2,
      killedAtSeconds: 12,
      upAtSeconds: 23.2,
      completeShare: [1, 0.5, Number.NaN],
      bucketSeconds: 2,
      failedCalls: 0,
      failures: [],
      loss: faultLoss([{ client: 2, milvus: 5 }, undefined], { ended: 4, exported: 2, failed: 2 }, 2),
      beforeKill: quiet,
      afterRestart: { ...quiet, tracesKept: 1 },
    });
    assert.match(lines[0] ?? "", /restarted on the same ports and Badger directory after 11\.2 s/);
    assert.equal(lines[1], "  Milvus calls failed: 0 of 2");
    assert.equal(lines[2], "  client spans: 4 expected (2 per call), 2 stored, 2 lost; its exporter: 4 ended, 2 exported, 2 failed");
    assert.match(lines[3] ?? "", /5 per call .* 10 expected, 5 stored, 5 lost/);
    assert.equal(lines[5], "  complete traces by when the call was made, per 2 s (killed at 12.0 s, healthy again at 23.2 s): 100% 50% -");
    assert.match(lines[7] ?? "", /traces 1 kept/);
  });
});
