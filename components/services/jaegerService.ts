import { JAEGER_PORTS, renderJaegerConfig, type JaegerStorage } from "../render/jaegerConfig";
import { htpasswdSha } from "../credentials/htpasswd";
import { renderTracePipeline } from "../render/tailSampling";
import { memoryBytes } from "../settings/quantities";
import type { Settings } from "../settings/settings";
import { HealthProbe, Workload, type ConfigFile, type DataVolume } from "./serviceDescription";
import type { DescribeContext, ServiceDetails } from "./serviceTable";

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

/** Jaeger v2 all-in-one: the trace receiver (OTLP), its storage and the query API and UI. */
export function describeJaeger(settings: Settings, { tls, login, resources }: DescribeContext): ServiceDetails {
  const { jaegerStorage } = settings;
  const storage: JaegerStorage =
    jaegerStorage.backend === "memory"
      ? { backend: "memory", maxTraces: settings.jaegerMaxTraces }
      : { backend: "badger", directory: `${DATA_PATH}/jaeger`, retention: jaegerStorage.retention };
  const volumes: DataVolume[] =
    jaegerStorage.backend === "memory" ? [] : [{ name: "data", mountPath: DATA_PATH, size: jaegerStorage.dataSize, retainOnDelete: jaegerStorage.retainOnDelete }];
  const options = {
    storage,
    tls: tls ? { certFile: CERT_PATH, keyFile: KEY_PATH } : undefined,
    pipeline: renderTracePipeline({ tail: settings.sampling.tail, memoryLimitBytes: resources.memoryLimit === "" ? undefined : memoryBytes(resources.memoryLimit) }),
  };
  // Leaving, the receivers' ports go through listeners that ask for TLS (validateSettings requires
  // secure) and the login, which a leaving port always brings (describeServices without logins is
  // the ownership check, which reads only names).
  const outsideReceivers = { grpc: settings.leavingPorts.includes("jaeger-otlp-grpc"), http: settings.leavingPorts.includes("jaeger-otlp-http") };
  // The hash alone stands for the password, but it is still what a guesser would need: a secret too.
  const config: ConfigFile = login
    ? {
        path: CONFIG_PATH,
        content: login.password.apply((password) => renderJaegerConfig({ ...options, outsideReceivers, login: { username: login.username, passwordHash: htpasswdSha(password) } })),
        sensitive: true,
      }
    : { path: CONFIG_PATH, content: renderJaegerConfig(options), sensitive: false };
  const files: ConfigFile[] = [config];
  if (tls) {
    files.push({ path: CERT_PATH, content: tls.certPem, sensitive: false }, { path: KEY_PATH, content: tls.keyPem, sensitive: true });
  }
  return {
    args: ["--config", CONFIG_PATH],
    env: {},
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
    needsRelaxedSyscallFilter: false,
    startsAfter: [],
  };
}
