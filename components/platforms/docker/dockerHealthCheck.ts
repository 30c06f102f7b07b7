import type { HealthCheck } from "../../services/serviceDescription";
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
 * Docker can only check health by running a command inside the container, so the check asks the
 * service's health URL with the HTTP client its image carries. Without one there is no check, and
 * the platform can only wait for the container to run.
 */
export function dockerHealthCheck(health: HealthCheck): DockerHealthCheck | undefined {
  const url = `http://127.0.0.1:${health.http.port}${health.http.path}`;
  const command = { curl: ["curl", "-fsS", "-o", "/dev/null", url], wget: ["wget", "-q", "-O", "/dev/null", url] };
  if (health.httpClientInImage === undefined) return undefined;
  return {
    tests: ["CMD", ...command[health.httpClientInImage]],
    startPeriod: toGoDuration(health.startPeriodSeconds),
    interval: toGoDuration(health.intervalSeconds),
    timeout: toGoDuration(health.timeoutSeconds),
    retries: health.failureThreshold,
  };
}
