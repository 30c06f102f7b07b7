import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PartTimes } from "./partTimes";

/** A clock that moves only when the test says so, in seconds. */
function manualClock() {
  let ms = 0;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe("PartTimes", () => {
  it("lists each part in the order it started, nested parts indented, then the total", async () => {
    const clock = manualClock();
    const times = new PartTimes(clock.now);
    await times.time("Pulumi CLI and plugins (docker)", async () => {
      clock.advance(612);
      return Promise.resolve();
    });
    await times.time("images", async () => {
      await times.time("Jaeger v2 (Go build)", () => Promise.resolve(clock.advance(215)), 1);
      clock.advance(3.25);
    });
    assert.deepEqual(times.lines(), [
      "Pulumi CLI and plugins (docker)  612 s",
      "images                           218 s",
      "  Jaeger v2 (Go build)           215 s",
      "total                            830 s (13 min 50 s)",
    ]);
  });

  it("records a part that failed, and marks one still running", async () => {
    const clock = manualClock();
    const times = new PartTimes(clock.now);
    await assert.rejects(
      times.time("pulumi up", () => {
        clock.advance(4.5);
        return Promise.reject(new Error("exit code 1"));
      }),
      /exit code 1/,
    );
    void times.time("verify", () => new Promise<void>(() => undefined));
    assert.deepEqual(times.lines(), ["pulumi up  4.5 s", "verify     unfinished", "total      4.5 s"]);
  });
});
