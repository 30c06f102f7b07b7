import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { objectRef, ownershipRefusals, type PlannedObject } from "./ownershipDecision";

const OURS = "milvus-tracing.prod";
const otherName = "set namespace to another name";
const namespace: PlannedObject = { kind: "namespace", name: "milvus-tracing", otherName };
const claim: PlannedObject = { kind: "persistentvolumeclaim", name: "milvus-data", namespace: "milvus-tracing", otherName };
const planned = [namespace, claim];

describe("ownership decision", () => {
  it("has nothing to refuse when nothing exists yet", () => {
    assert.deepEqual(ownershipRefusals(planned, [], OURS, new Set()), []);
  });

  it("finds its own objects again: an update, and the claims retainData kept after a destroy", () => {
    const existing = planned.map((object) => ({ ...object, labels: { "milvus-tracing/stack": OURS } }));
    assert.deepEqual(ownershipRefusals(planned, existing, OURS, new Set()), []);
  });

  it("refuses an object without an owner label, naming it and how to go on", () => {
    const refusals = ownershipRefusals(planned, [{ kind: "namespace", name: "milvus-tracing", labels: { team: "search" } }], OURS, new Set());
    assert.equal(refusals.length, 1);
    assert.match(refusals[0] ?? "", /^namespace\/milvus-tracing exists and has no milvus-tracing\/stack label: this stack did not create it/);
    assert.match(refusals[0] ?? "", /Set namespace to another name, or remove it/);
    assert.match(refusals[0] ?? "", /pulumi config set adoptObjects namespace\/milvus-tracing$/);
  });

  it("refuses another stack's object and never offers to adopt it", () => {
    const existing = [{ kind: "persistentvolumeclaim", name: "milvus-data", namespace: "milvus-tracing", labels: { "milvus-tracing/stack": "milvus-tracing.dev" } }];
    const refusals = ownershipRefusals(planned, existing, OURS, new Set([objectRef(claim)]));
    assert.equal(refusals.length, 1);
    assert.match(refusals[0] ?? "", /^persistentvolumeclaim\/milvus-tracing\/milvus-data exists and belongs to stack milvus-tracing.dev/);
    assert.doesNotMatch(refusals[0] ?? "", /adoptObjects/);
  });

  it("takes over an unlabelled object only when adoptObjects names it", () => {
    const existing = [{ ...claim, labels: {} }, { ...namespace, labels: {} }];
    const refusals = ownershipRefusals(planned, existing, OURS, new Set(["persistentvolumeclaim/milvus-tracing/milvus-data"]));
    assert.deepEqual(refusals.map((r) => r.split(" ")[0]), ["namespace/milvus-tracing"]);
  });

  it("lists every refusal at once", () => {
    const existing = planned.map((object) => ({ ...object, labels: {} }));
    assert.equal(ownershipRefusals(planned, existing, OURS, new Set()).length, 2);
  });
});
