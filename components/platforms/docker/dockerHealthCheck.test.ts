import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HealthProbe, type HealthCheck, type ProbeProgram } from "../../services/serviceDescription";
import { dockerHealthCheck } from "./dockerHealthCheck";

const timing = { startPeriodSeconds: 300, intervalSeconds: 5, timeoutSeconds: 5, failureThreshold: 6 };
const health: HealthCheck = { probe: HealthProbe.fromHttpGet("/healthz", 9091), programsInImage: ["curl"], ...timing };
const checked = (probe: HealthProbe, programsInImage: readonly ProbeProgram[]) =>
  dockerHealthCheck({ name: "svc", health: { probe, programsInImage, ...timing } }, [])?.tests;

describe("dockerHealthCheck", () => {
  it("asks the health URL with the image's own HTTP client, curl first", () => {
    assert.deepEqual(checked(health.probe, ["wget", "curl"]), ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9091/healthz"]);
    assert.deepEqual(checked(health.probe, ["wget"]), ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9091/healthz"]);
  });

  it("runs a command probe as it is, without a shell", () => {
    assert.deepEqual(checked(HealthProbe.fromCommand(["/bin/ready", "--quick"]), []), ["CMD", "/bin/ready", "--quick"]);
  });

  it("connects over TCP with bash's /dev/tcp or nc", () => {
    const tcp = HealthProbe.fromTcpSocket(8080);
    assert.deepEqual(checked(tcp, ["bash", "nc"]), ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]);
    assert.deepEqual(checked(tcp, ["nc"]), ["CMD", "nc", "-z", "127.0.0.1", "8080"]);
  });

  it("asks gRPC health with grpc_health_probe", () => {
    assert.deepEqual(checked(HealthProbe.fromGrpc(50051, "query"), ["grpc_health_probe"]), ["CMD", "grpc_health_probe", "-addr=127.0.0.1:50051", "-service=query"]);
    assert.deepEqual(checked(HealthProbe.fromGrpc(50051), ["grpc_health_probe"]), ["CMD", "grpc_health_probe", "-addr=127.0.0.1:50051"]);
  });

  it("writes durations as the provider reads them back", () => {
    assert.deepEqual(dockerHealthCheck({ name: "milvus", health }, []), {
      tests: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9091/healthz"],
      startPeriod: "5m0s",
      interval: "5s",
      timeout: "5s",
      retries: 6,
    });
  });

  it("has no check for an image without a program that asks the probe, when nothing waits for it", () => {
    assert.equal(checked(health.probe, []), undefined);
    assert.equal(checked(HealthProbe.fromTcpSocket(8080), ["curl"]), undefined);
    assert.equal(dockerHealthCheck({ name: "svc", health: undefined }, []), undefined);
  });

  it("refuses, by name, a service that others start after but the engine cannot check", () => {
    assert.throws(
      () => dockerHealthCheck({ name: "store", health: { ...health, probe: HealthProbe.fromTcpSocket(8080), programsInImage: [] } }, ["milvus"]),
      /Docker cannot check store's health \(its tcpSocket probe needs bash or nc in the image, which carries none of them\), and milvus starts after it/,
    );
    assert.throws(() => dockerHealthCheck({ name: "store", health: undefined }, ["a", "b"]), /\(it has no health check\), and a, b start after it/);
  });
});
