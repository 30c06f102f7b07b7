import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HealthProbe } from "../../services/serviceDescription";
import { kubernetesProbes } from "./kubernetesProbes";

const timing = { programsInImage: [], startPeriodSeconds: 300, intervalSeconds: 5, timeoutSeconds: 5, failureThreshold: 6 };

describe("kubernetesProbes", () => {
  const probes = kubernetesProbes({ probe: HealthProbe.fromHttpGet("/healthz", 9091), ...timing });
  assert.ok(probes);
  const all = [probes.startupProbe, probes.readinessProbe, probes.livenessProbe];

  it("asks the health URL in every probe, never a bare TCP connect", () => {
    for (const probe of all) {
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

  it("lets the kubelet ask command, TCP and gRPC probes itself, whatever the image carries", () => {
    const handler = (probe: HealthProbe) => {
      const readiness = kubernetesProbes({ probe, ...timing })?.readinessProbe ?? {};
      return Object.fromEntries(Object.entries(readiness).filter(([key]) => !["periodSeconds", "timeoutSeconds", "failureThreshold"].includes(key)));
    };
    assert.deepEqual(handler(HealthProbe.fromCommand(["/bin/ready"])), { exec: { command: ["/bin/ready"] } });
    assert.deepEqual(handler(HealthProbe.fromTcpSocket(8080)), { tcpSocket: { port: 8080 } });
    assert.deepEqual(handler(HealthProbe.fromGrpc(50051)), { grpc: { port: 50051 } });
    assert.deepEqual(handler(HealthProbe.fromGrpc(50051, "query")), { grpc: { port: 50051, service: "query" } });
  });

  it("has no probes for a service without a health check", () => {
    assert.equal(kubernetesProbes(undefined), undefined);
  });
});
