import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { preferredNodeAddress } from "./nodeAddress";

describe("preferredNodeAddress", () => {
  it("prefers the external address, then the internal one, never the host name", () => {
    const internal = { type: "InternalIP", address: "10.0.0.5" };
    const hostName = { type: "Hostname", address: "node-1" };
    assert.equal(preferredNodeAddress([hostName, internal, { type: "ExternalIP", address: "203.0.113.7" }]), "203.0.113.7");
    assert.equal(preferredNodeAddress([hostName, internal]), "10.0.0.5");
    assert.equal(preferredNodeAddress([hostName]), undefined);
  });
});
