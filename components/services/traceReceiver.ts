import { portId } from "./serviceDescription";
import type { PortEntry, ServiceEntry } from "./serviceTable";

/** The service of the table that plays the trace receiver, and its OTLP gRPC and HTTP ports. */
export interface TraceReceiver {
  service: string;
  port: PortEntry;
  httpPort: PortEntry;
}

/** Where Milvus and clients send OTLP: exactly one service of the table must say it takes it. */
export function traceReceiverOf(table: readonly ServiceEntry[]): TraceReceiver {
  const receivers = table.filter((service) => service.traceReceiver !== undefined);
  const [receiver] = receivers;
  if (receivers.length !== 1 || !receiver?.traceReceiver) {
    throw new Error(`Exactly one service must receive traces; the table has ${receivers.map((service) => service.name).join(", ") || "none"}`);
  }
  const portNamed = (portName: string): PortEntry => {
    const port = receiver.ports.find((candidate) => candidate.name === portName);
    if (!port) throw new Error(`${receiver.name} receives traces on port ${portName}, which it does not have`);
    return port;
  };
  return { service: receiver.name, port: portNamed(receiver.traceReceiver.otlpGrpcPort), httpPort: portNamed(receiver.traceReceiver.otlpHttpPort) };
}

/** host:port by which the services on the platform's network send it OTLP gRPC. */
export function traceReceiverAddress(receiver: TraceReceiver): string {
  return `${receiver.service}:${receiver.port.containerPort}`;
}

/** The port id of its OTLP gRPC receiver, as endpoints and settings name it. */
export function traceReceiverPortId(receiver: TraceReceiver): string {
  return portId({ name: receiver.service }, receiver.port);
}

/** The port id of its OTLP HTTP receiver. */
export function traceReceiverHttpPortId(receiver: TraceReceiver): string {
  return portId({ name: receiver.service }, receiver.httpPort);
}

/** Names its certificate must carry: how the services on the platform and the deployer's machine reach it. */
export function traceReceiverTlsNames(receiver: TraceReceiver, namespace: string): { dnsNames: string[]; ipAddresses: string[] } {
  const { service } = receiver;
  return {
    dnsNames: [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`, "localhost"],
    ipAddresses: ["127.0.0.1"],
  };
}
