import type * as k8s from "@pulumi/kubernetes";
import type { HealthCheck, HealthProbe } from "../../services/serviceDescription";

type Probe = k8s.types.input.core.v1.Probe;

export interface KubernetesProbes {
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
}

/**
 * All three probes ask the service's own probe, as the Milvus Helm chart's all ask /healthz. The
 * startup probe carries the slow start, so readiness and liveness can be strict from the first
 * second after it. Liveness, which restarts the container, looks three times less often than
 * readiness (the chart: every 30 s against every 10 s). No health check, no probes.
 */
export function kubernetesProbes(health: HealthCheck | undefined): KubernetesProbes | undefined {
  if (health === undefined) return undefined;
  const handler = probeHandler(health.probe);
  const timing = { timeoutSeconds: health.timeoutSeconds, failureThreshold: health.failureThreshold };
  return {
    startupProbe: {
      ...handler,
      periodSeconds: health.intervalSeconds,
      timeoutSeconds: health.timeoutSeconds,
      failureThreshold: Math.ceil(health.startPeriodSeconds / health.intervalSeconds),
    },
    readinessProbe: { ...handler, periodSeconds: health.intervalSeconds, ...timing },
    livenessProbe: { ...handler, periodSeconds: health.intervalSeconds * 3, ...timing },
  };
}

/** The kubelet asks every kind itself: no program in the image is needed. */
function probeHandler(probe: HealthProbe): Pick<Probe, "httpGet" | "exec" | "tcpSocket" | "grpc"> {
  switch (probe.kind) {
    case "httpGet":
      return { httpGet: { path: probe.path, port: probe.port } };
    case "command":
      return { exec: { command: [...probe.command] } };
    case "tcpSocket":
      return { tcpSocket: { port: probe.port } };
    case "grpc":
      return { grpc: { port: probe.port, ...(probe.service === undefined ? {} : { service: probe.service }) } };
  }
}
