import assert from "node:assert/strict";
import { it } from "node:test";
import { processCpuSeconds, processMemoryBytes, parseCpuSeconds, parseStatusBytes } from "./procStats";

it("reads utime + stime after the command name, even one with spaces and parentheses", () => {
  const stat = "4242 (milvus (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 40 0 123 456 789";
  assert.equal(parseCpuSeconds(stat), 3.25);
});

it("reads VmRSS and VmHWM in bytes", () => {
  const status = "Name:\tjaeger\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
  assert.equal(parseStatusBytes(status, "VmHWM"), 200 * 2 ** 20);
  assert.equal(parseStatusBytes(status, "VmRSS"), 100 * 2 ** 20);
  assert.throws(() => parseStatusBytes("Name:\tx\n", "VmRSS"), /no VmRSS/);
});

it("reads this process's own figures from /proc", () => {
  assert.ok(processCpuSeconds(process.pid) > 0);
  // The resident size first: the peak read after it can only be as high or higher.
  const resident = processMemoryBytes(process.pid, "VmRSS");
  assert.ok(processMemoryBytes(process.pid, "VmHWM") >= resident);
});
