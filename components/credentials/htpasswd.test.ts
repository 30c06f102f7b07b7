import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { htpasswdSha } from "./htpasswd";

describe("htpasswdSha", () => {
  it("is htpasswd's {SHA} form: base64 of the SHA-1, the same for the same password", () => {
    // `printf password | openssl dgst -sha1 -binary | base64`
    assert.equal(htpasswdSha("password"), "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=");
    assert.equal(htpasswdSha("k7Qm2x9V"), htpasswdSha("k7Qm2x9V"));
  });
});
