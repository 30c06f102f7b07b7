import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { durationExpectation, goDuration, MIN_DURATION_RULE, parseDuration, SINCE_RULE } from "./durationText";

describe("parseDuration", () => {
  it("reads --min-duration values in Go's units, fractions included", () => {
    const read = (text: string) => parseDuration(text, MIN_DURATION_RULE);
    assert.deepEqual(["200ms", "1.5s", "250us", "250µs", "2m", "1h", "24h"].map(read), [200_000, 1_500_000, 250, 250, 120_000_000, 3_600_000_000, 86_400_000_000]);
  });
  it("reads --since windows in seconds, minutes, hours and days", () => {
    const read = (text: string) => parseDuration(text, SINCE_RULE);
    assert.deepEqual(["30s", "15m", "1h", "1.5h", "3d", "30d"].map(read), [30_000_000, 900_000_000, 3_600_000_000, 5_400_000_000, 259_200_000_000, 2_592_000_000_000]);
  });
  it("refuses a bare number, a sign, spaces, unknown units and values out of bounds", () => {
    for (const text of ["200", "-1s", "+1s", "1 s", "1S", "1sec", "ms", "1.s", ".5s", "0us", "0.5us", "25h", "", "1e3ms"]) {
      assert.equal(parseDuration(text, MIN_DURATION_RULE), undefined, text);
    }
    for (const text of ["500ms", "0s", "31d", "1w", "1y"]) assert.equal(parseDuration(text, SINCE_RULE), undefined, text);
  });
  it("says what it takes", () => {
    assert.equal(durationExpectation(MIN_DURATION_RULE), "a duration with a unit (us, ms, s, m, h), e.g. 200ms or 1.5s, from 1us to 24h");
    assert.equal(durationExpectation(SINCE_RULE), "a duration with a unit (s, m, h, d), e.g. 15m or 1h, from 1s to 30d");
  });
});

describe("goDuration", () => {
  it("writes whole microseconds, which Jaeger's query API parses with time.ParseDuration", () => {
    assert.deepEqual([200_000, 1_500_000, 1].map(goDuration), ["200000us", "1500000us", "1us"]);
  });
});
