import { portId } from "../services/serviceDescription";
import type { ServiceEntry } from "../services/serviceTable";
import type { Settings } from "./settings";

/** 127.0.0.0/8: reachable from the deployer's machine only. */
export function isLoopback(address: string): boolean {
  return address.split(".")[0] === "127";
}

/**
 * The port ids that a stack makes reachable beyond the deployer's machine (Docker: published on a
 * bind address that is not loopback) or beyond the cluster (Kubernetes: carried by a NodePort or
 * LoadBalancer Service). Each of them asks for credentials. On Docker, ports open to any client
 * follow bindAddress, and so, with `secure`, do those with a listener for outside clients (the
 * OTLP receivers); the others (health, metrics) stay on loopback.
 */
export function portsLeavingPlatform(settings: Pick<Settings, "target" | "docker" | "kubernetes" | "tracing">, table: readonly ServiceEntry[]): string[] {
  if (settings.target === "kubernetes") {
    // Only the ports of services the stack runs: under milvus-direct, not Jaeger's default choice.
    const ports = new Set(table.flatMap((service) => service.ports.map((port) => portId(service, port))));
    return settings.kubernetes.serviceType === "ClusterIP" ? [] : settings.kubernetes.externalPorts.filter((id) => ports.has(id));
  }
  if (isLoopback(settings.docker.bindAddress)) return [];
  return table.flatMap((service) =>
    service.ports
      .filter((port) => port.hostPort !== undefined && ((port.access ?? "anywhere") === "anywhere" || (port.outside !== undefined && settings.tracing.secure)))
      .map((port) => portId(service, port)),
  );
}
