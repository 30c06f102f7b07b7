import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kubernetesProbes } from "./kubernetesProbes";

describe("kubernetesProbes", () => {
  const probes = kubernetesProbes({
    http: { port: 9091, path: "/healthz" },
    httpClientInImage: undefined,
    startPeriodSeconds: 300,
    intervalSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 6,
  });

  it("asks the health URL in every probe, never a bare TCP connect", () => {
    for (const probe of [probes.startupProbe, probes.readinessProbe, probes.livenessProbe]) {
      assert.deepEqual(probe.httpGet, { path: "/healthz", port: 9091 });
      assert.equal(probe.tcpSocket, undefined);
    }
  });

  it("gives the start its whole period, then fails readiness after the threshold", () => {
    assert.equal(Number(probes.startupProbe.periodSeconds) * Number(probes.startupProbe.failureThreshold), 300);
    assert.equal(probes.readinessProbe.periodSeconds, 5);
    assert.equal(probes.readinessProbe.failureThreshold, 6);
  });

  it("restarts only after three times as long as readiness tolerates", () => {
    assert.equal(probes.livenessProbe.periodSeconds, 15);
    assert.equal(probes.livenessProbe.failureThreshold, 6);
  });
});
