import type * as k8s from "@pulumi/kubernetes";
import type { HealthCheck } from "../../services/serviceDescription";

type Probe = k8s.types.input.core.v1.Probe;

export interface KubernetesProbes {
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
}

/**
 * All three probes ask the health URL, as the Milvus Helm chart's do: a TCP connect would succeed
 * while the server hangs. The startup probe carries the slow start, so readiness and liveness can
 * be strict from the first second after it. Liveness, which restarts the container, looks three
 * times less often than readiness (the chart: every 30 s against every 10 s).
 */
export function kubernetesProbes(health: HealthCheck): KubernetesProbes {
  const httpGet = { path: health.http.path, port: health.http.port };
  const timing = { timeoutSeconds: health.timeoutSeconds, failureThreshold: health.failureThreshold };
  return {
    startupProbe: {
      httpGet,
      periodSeconds: health.intervalSeconds,
      timeoutSeconds: health.timeoutSeconds,
      failureThreshold: Math.ceil(health.startPeriodSeconds / health.intervalSeconds),
    },
    readinessProbe: { httpGet, periodSeconds: health.intervalSeconds, ...timing },
    livenessProbe: { httpGet, periodSeconds: health.intervalSeconds * 3, ...timing },
  };
}
