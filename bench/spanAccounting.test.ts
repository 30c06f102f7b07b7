import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CollectorCounters } from "../verify/collectorCounters";
import { accountSpans, completeShareOverTime, faultLoss, highestCleanRate } from "./spanAccounting";

const quiet: CollectorCounters = { receiverAccepted: 0, receiverRefused: 0, exporterSent: 0, exporterFailed: 0, tracesKept: 0, tracesDropped: 0, droppedTooEarly: 0 };

describe("accountSpans", () => {
  it("takes Milvus's share from what Jaeger accepted less what the client exported", () => {
    const account = accountSpans({ ended: 400, exported: 400, failed: 0 }, { ...quiet, receiverAccepted: 2400, exporterSent: 2400 });
    assert.equal(account.milvusDelivered, 2000);
    assert.equal(account.dropped, 0);
  });

  it("counts refused, failed to store and dropped too early, but not tail sampling's policy drops", () => {
    const collector = { ...quiet, receiverAccepted: 100, receiverRefused: 3, exporterFailed: 2, tracesDropped: 90, droppedTooEarly: 1 };
    assert.equal(accountSpans({ ended: 10, exported: 10, failed: 0 }, collector).dropped, 6);
    assert.equal(accountSpans({ ended: 10, exported: 10, failed: 0 }, { ...quiet, tracesDropped: 90 }).dropped, 0);
  });
});

describe("highestCleanRate", () => {
  it("is the highest rate with every lower rate clean too", () => {
    assert.equal(
      highestCleanRate([
        { callsPerSecond: 100, dropped: 0 },
        { callsPerSecond: 10, dropped: 0 },
        { callsPerSecond: 50, dropped: 0 },
      ]),
      100,
    );
    assert.equal(
      highestCleanRate([
        { callsPerSecond: 10, dropped: 0 },
        { callsPerSecond: 50, dropped: 4 },
        { callsPerSecond: 100, dropped: 0 },
      ]),
      10,
    );
    assert.equal(highestCleanRate([{ callsPerSecond: 10, dropped: 1 }]), undefined);
  });
});

describe("faultLoss", () => {
  it("counts complete, partial and missing traces against the client's tally and Milvus's usual spans per call", () => {
    const loss = faultLoss(
      [
        { client: 2, milvus: 5 },
        { client: 2, milvus: 5 },
        { client: 2, milvus: 3 },
        { client: 0, milvus: 5 },
        undefined,
      ],
      { ended: 13, exported: 8, failed: 5 },
      2,
    );
    assert.equal(loss.milvusPerCall, 5);
    assert.deepEqual(loss.client, { ended: 13, exported: 8, failed: 5, expected: 10, stored: 6, lost: 4 });
    assert.deepEqual(loss.milvus, { expected: 25, stored: 18, lost: 7 });
    assert.deepEqual(loss.traces, { complete: 2, partial: 2, missing: 1 });
    assert.deepEqual(loss.states, ["complete", "complete", "partial", "partial", "missing"]);
  });

  it("cannot say what Milvus lost when no stored trace has a Milvus span", () => {
    const loss = faultLoss([undefined, { client: 2, milvus: 0 }], { ended: 4, exported: 2, failed: 2 }, 2);
    assert.equal(loss.milvusPerCall, undefined);
    assert.equal(loss.milvus, undefined);
    assert.deepEqual(loss.traces, { complete: 1, partial: 0, missing: 1 });
  });
});

describe("completeShareOverTime", () => {
  it("gives the share of complete traces per bucket of the calls' due times", () => {
    const share = completeShareOverTime([0, 500, 1000, 1500, 3500], ["complete", "complete", "missing", "complete", "partial"], 1000);
    assert.deepEqual(share.slice(0, 2), [1, 0.5]);
    assert.ok(Number.isNaN(share[2]));
    assert.equal(share[3], 0);
  });
});
