import { JAEGER_PORTS, renderJaegerConfig, type JaegerStorage } from "../render/jaegerConfig";
import type { Settings } from "../settings/settings";
import { HealthProbe, Workload, type ConfigFile, type DataVolume, type ServiceDescription } from "./serviceDescription";
import type { TlsMaterial } from "./tlsMaterial";

export const JAEGER_SERVICE = "jaeger";

const CONFIG_PATH = "/etc/jaeger/config.yaml";
const CERT_PATH = "/etc/jaeger/tls/server.pem";
const KEY_PATH = "/etc/jaeger/tls/server-key.pem";
/**
 * Both the official image and the lab's declare `VOLUME /tmp` (mode 1777) and run as uid 10001,
 * who can write nowhere else. Docker gives an empty named volume the mode of the image directory
 * it is mounted over, so Badger's data volume goes there; Kubernetes gets an fsGroup instead.
 */
const DATA_PATH = "/tmp";
const JAEGER_GID = 10001;

/** Names Jaeger's certificate must carry: how Milvus and the deployer's machine reach it. */
export function jaegerTlsNames(namespace: string): { dnsNames: string[]; ipAddresses: string[] } {
  return {
    dnsNames: [JAEGER_SERVICE, `${JAEGER_SERVICE}.${namespace}`, `${JAEGER_SERVICE}.${namespace}.svc`, `${JAEGER_SERVICE}.${namespace}.svc.cluster.local`, "localhost"],
    ipAddresses: ["127.0.0.1"],
  };
}

export function describeJaeger(settings: Settings, tls: TlsMaterial | undefined): ServiceDescription {
  const { jaegerStorage } = settings;
  const storage: JaegerStorage =
    jaegerStorage.backend === "memory"
      ? { backend: "memory", maxTraces: settings.jaegerMaxTraces }
      : { backend: "badger", directory: `${DATA_PATH}/jaeger`, retention: jaegerStorage.retention };
  const volumes: DataVolume[] =
    jaegerStorage.backend === "memory" ? [] : [{ name: "data", mountPath: DATA_PATH, size: jaegerStorage.dataSize, retainOnDelete: jaegerStorage.retainOnDelete }];
  const config = renderJaegerConfig({
    storage,
    tls: tls ? { certFile: CERT_PATH, keyFile: KEY_PATH } : undefined,
  });
  const files: ConfigFile[] = [{ path: CONFIG_PATH, content: config, sensitive: false }];
  if (tls) {
    files.push({ path: CERT_PATH, content: tls.certPem, sensitive: false }, { path: KEY_PATH, content: tls.keyPem, sensitive: true });
  }
  return {
    name: JAEGER_SERVICE,
    image: settings.images.jaeger,
    args: ["--config", CONFIG_PATH],
    env: {},
    ports: [
      { name: "otlp-grpc", containerPort: JAEGER_PORTS.otlpGrpc },
      { name: "otlp-http", containerPort: JAEGER_PORTS.otlpHttp },
      { name: "query", containerPort: JAEGER_PORTS.queryHttp },
      { name: "health", containerPort: JAEGER_PORTS.health },
    ],
    files,
    health: {
      probe: HealthProbe.fromHttpGet("/status", JAEGER_PORTS.health),
      // The official image is Alpine-based: busybox wget is there, curl is not.
      programsInImage: ["wget"],
      startPeriodSeconds: 60,
      intervalSeconds: 3,
      timeoutSeconds: 3,
      failureThreshold: 5,
    },
    // One instance: its traces (on disk or in memory) would otherwise be split between two.
    workload: Workload.stateless(1),
    volumes,
    volumeGroup: volumes.length > 0 ? JAEGER_GID : undefined,
    resources: settings.resources.jaeger,
    needsRelaxedSyscallFilter: false,
    startsAfter: [],
  };
}
