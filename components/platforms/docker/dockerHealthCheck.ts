import type { HealthProbe, ProbeProgram, ServiceDescription } from "../../services/serviceDescription";
import { toGoDuration } from "./dockerValues";

/** A Docker health check, in the exact form the provider reads back from the engine. */
export interface DockerHealthCheck {
  tests: string[];
  startPeriod: string;
  interval: string;
  timeout: string;
  retries: number;
}

/**
 * Docker can only check health by running a command inside the container, so a probe becomes a
 * program the image carries. A service without a check the engine can run gets none, and the
 * platform only waits for its container to run; that is an error when `startsAfterIt` names
 * services that wait for it, which would otherwise silently start in creation order.
 */
export function dockerHealthCheck(service: Pick<ServiceDescription, "name" | "health">, startsAfterIt: readonly string[]): DockerHealthCheck | undefined {
  const { health } = service;
  const tests = health === undefined ? undefined : dockerProbeCommand(health.probe, health.programsInImage);
  if (health === undefined || tests === undefined) {
    if (startsAfterIt.length === 0) return undefined;
    const why =
      health === undefined
        ? "it has no health check"
        : `its ${health.probe.kind} probe needs ${PROGRAMS[health.probe.kind].join(" or ")} in the image, which carries ${health.programsInImage.join(", ") || "none of them"}`;
    throw new Error(`Docker cannot check ${service.name}'s health (${why}), and ${startsAfterIt.join(", ")} start${startsAfterIt.length > 1 ? "" : "s"} after it.`);
  }
  return {
    tests: ["CMD", ...tests],
    startPeriod: toGoDuration(health.startPeriodSeconds),
    interval: toGoDuration(health.intervalSeconds),
    timeout: toGoDuration(health.timeoutSeconds),
    retries: health.failureThreshold,
  };
}

/** The programs that can ask each kind of probe, in the order they are preferred. */
const PROGRAMS: Record<HealthProbe["kind"], readonly ProbeProgram[]> = {
  httpGet: ["curl", "wget"],
  command: [],
  tcpSocket: ["bash", "nc"],
  grpc: ["grpc_health_probe"],
};

/** The exec-form command that asks `probe` with a program the image carries; undefined when it carries none. */
function dockerProbeCommand(probe: HealthProbe, programs: readonly ProbeProgram[]): string[] | undefined {
  if (probe.kind === "command") return [...probe.command];
  const program = PROGRAMS[probe.kind].find((candidate) => programs.includes(candidate));
  if (program === undefined) return undefined;
  switch (probe.kind) {
    case "httpGet": {
      const url = `http://127.0.0.1:${probe.port}${probe.path}`;
      return program === "curl" ? ["curl", "-fsS", "-o", "/dev/null", url] : ["wget", "-q", "-O", "/dev/null", url];
    }
    case "tcpSocket":
      // Exec form runs no shell, so bash is asked for its /dev/tcp by name.
      return program === "bash" ? ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${probe.port}`] : ["nc", "-z", "127.0.0.1", String(probe.port)];
    case "grpc":
      return ["grpc_health_probe", `-addr=127.0.0.1:${probe.port}`, ...(probe.service === undefined ? [] : [`-service=${probe.service}`])];
  }
}
