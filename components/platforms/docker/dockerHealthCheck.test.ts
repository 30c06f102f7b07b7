import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HealthCheck } from "../../services/serviceDescription";
import { dockerHealthCheck } from "./dockerHealthCheck";

const health: HealthCheck = {
  http: { port: 9091, path: "/healthz" },
  httpClientInImage: "curl",
  startPeriodSeconds: 300,
  intervalSeconds: 5,
  timeoutSeconds: 5,
  failureThreshold: 6,
};

describe("dockerHealthCheck", () => {
  it("asks the health URL with the image's own HTTP client", () => {
    assert.deepEqual(dockerHealthCheck(health)?.tests, ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9091/healthz"]);
    assert.deepEqual(dockerHealthCheck({ ...health, httpClientInImage: "wget" })?.tests, [
      "CMD",
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "http://127.0.0.1:9091/healthz",
    ]);
  });

  it("writes durations as the provider reads them back", () => {
    assert.deepEqual(dockerHealthCheck(health), {
      tests: dockerHealthCheck(health)?.tests,
      startPeriod: "5m0s",
      interval: "5s",
      timeout: "5s",
      retries: 6,
    });
  });

  it("has no check for an image without an HTTP client", () => {
    assert.equal(dockerHealthCheck({ ...health, httpClientInImage: undefined }), undefined);
  });
});
