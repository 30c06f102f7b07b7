import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { sideBySide } from "./sideBySide";

describe("sideBySide", () => {
  it("gives both results in order", async () => {
    assert.deepEqual(await sideBySide(sleep(20).then(() => "pulumi"), Promise.resolve(42)), ["pulumi", 42]);
  });

  it("waits for the slower part before failing, and names every failure", async () => {
    let slowerEnded = false;
    const slower = sleep(30).then(() => {
      slowerEnded = true;
      throw new Error("lab/images/build.sh failed");
    });
    await assert.rejects(sideBySide(Promise.reject(new Error("lab/pulumi/install.sh failed")), slower), {
      message: "lab/pulumi/install.sh failed; and lab/images/build.sh failed",
    });
    assert.equal(slowerEnded, true);
  });

  it("fails with the one failure when the other part succeeds", async () => {
    await assert.rejects(sideBySide(Promise.resolve("ok"), Promise.reject(new Error("no engine"))), { message: "no engine" });
  });
});
