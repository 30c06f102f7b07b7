import assert from "node:assert/strict";
import { it } from "node:test";
import { parseLoadOptions } from "./loadOptions";

it("defaults to 10, 50 and 100 calls/s for 20 s each and a fault round in each mode", () => {
  assert.deepEqual(parseLoadOptions([]), { rates: [10, 50, 100], runSeconds: 20, blockSeconds: 1, faultRate: 50, faultModes: ["head", "tail"], downSeconds: 10 });
});

it("takes rates in any order and the fault modes by name", () => {
  const options = parseLoadOptions(["--rates", "200, 20,20", "--fault-modes", "tail,head", "--seconds", "8", "--block-seconds", "2"]);
  assert.deepEqual(options.rates, [20, 200]);
  assert.deepEqual(options.faultModes, ["head", "tail"]);
  assert.deepEqual(parseLoadOptions(["--fault-modes", "none"]).faultModes, []);
});

it("refuses what would not make a bounded, paired run", () => {
  assert.throws(() => parseLoadOptions(["--rates", "0"]), /--rates 0: expected a number above 0/);
  assert.throws(() => parseLoadOptions(["--rates", "5000"]), /at most 1000/);
  assert.throws(() => parseLoadOptions(["--seconds", "3"]), /fewer than two pairs/);
  assert.throws(() => parseLoadOptions(["--fault-modes", "both"]), /expected head, tail/);
  assert.throws(() => parseLoadOptions(["--bogus"]), /Unknown option/);
});
