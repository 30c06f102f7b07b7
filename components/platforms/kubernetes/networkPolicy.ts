import type { ServiceDescription, ServicePort } from "../../services/serviceDescription";

/** The labels a service's pods carry and its Services and NetworkPolicy select them by. */
export function selectorLabelsOf(serviceName: string): Record<string, string> {
  return { "app.kubernetes.io/name": serviceName, "app.kubernetes.io/part-of": "milvus-tracing" };
}

export interface IngressRule {
  ports: { port: string; protocol: "TCP" }[];
  /** Absent: every source, inside the cluster or not. */
  from?: ({ podSelector: { matchLabels?: Record<string, string> } } | { namespaceSelector: { matchExpressions: NamespaceIn[] } })[];
}

interface NamespaceIn {
  key: "kubernetes.io/metadata.name";
  operator: "In";
  values: string[];
}

export interface IngressContext {
  /** Services of the stack that send spans to the trace receiver. */
  traceSenders: readonly string[];
  /** Namespaces whose pods may send spans too. */
  clientNamespaces: readonly string[];
  /** Listeners for clients outside the cluster (of the ports that leave it): open to all, since those clients are outside. */
  outsideListeners: readonly { name: string }[];
}

/**
 * The ingress rules of a service's NetworkPolicy, from each port's access. Once a policy selects
 * a pod, whatever no rule allows is refused; a port with no allowed source gets no rule at all
 * (an empty `from` would admit everyone).
 */
export function ingressRules(service: ServiceDescription, context: IngressContext): IngressRule[] {
  const portsOf = (ports: readonly { name: string }[]) => ports.map((port) => ({ port: port.name, protocol: "TCP" as const }));
  // A port that leaves is open to any client, or leaves through an outside listener that is.
  const open = [...service.ports.filter((port) => port.access === "anywhere"), ...context.outsideListeners];
  const inside = (access: ServicePort["access"]) => service.ports.filter((port) => port.access === access);
  const senders = [
    ...context.traceSenders.map((sender) => ({ podSelector: { matchLabels: selectorLabelsOf(sender) } })),
    ...(context.clientNamespaces.length === 0
      ? []
      : [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name" as const, operator: "In" as const, values: [...context.clientNamespaces] }] } }]),
  ];
  const rules: IngressRule[] = [];
  if (open.length > 0) rules.push({ ports: portsOf(open) });
  const namespaceOnly = inside("namespace");
  // A bare podSelector admits the pods of the policy's own namespace.
  if (namespaceOnly.length > 0) rules.push({ ports: portsOf(namespaceOnly), from: [{ podSelector: {} }] });
  const traceReceiving = inside("traceSenders");
  if (traceReceiving.length > 0 && senders.length > 0) rules.push({ ports: portsOf(traceReceiving), from: senders });
  return rules;
}
