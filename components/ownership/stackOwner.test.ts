import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultNamespace, ownerLabels, ownerLabelValue } from "./stackOwner";

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

describe("stack owner labels", () => {
  it("names project and stack as they are when that is a valid label value", () => {
    assert.equal(ownerLabelValue({ project: "milvus-tracing", stack: "prod" }), "milvus-tracing.prod");
    assert.deepEqual(ownerLabels({ project: "milvus-tracing", stack: "dev" }), {
      "app.kubernetes.io/managed-by": "pulumi",
      "milvus-tracing/stack": "milvus-tracing.dev",
    });
  });

  it("keeps long or odd names valid and apart", () => {
    const long = ownerLabelValue({ project: "milvus-tracing", stack: "a".repeat(80) });
    const longer = ownerLabelValue({ project: "milvus-tracing", stack: "a".repeat(81) });
    for (const value of [long, longer, ownerLabelValue({ project: "p", stack: "-odd-" })]) assert.match(value, LABEL_VALUE);
    assert.notEqual(long, longer);
  });
});

describe("default namespace", () => {
  it("is milvus-tracing-<stack>, so two stacks on one cluster never share one", () => {
    assert.equal(defaultNamespace("prod"), "milvus-tracing-prod");
    assert.notEqual(defaultNamespace("prod"), defaultNamespace("staging"));
  });

  it("stays a DNS label for stack names that are not one, and tells them apart", () => {
    const odd = ["Team_A", "team-a", "x".repeat(70), "x".repeat(71), "a.b"].map(defaultNamespace);
    for (const namespace of odd) assert.match(namespace, DNS_LABEL);
    assert.equal(new Set(odd).size, odd.length);
  });
});
