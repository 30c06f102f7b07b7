import { credentialedFile } from "./credentialedFile";
import { JAEGER_PORTS, renderJaegerConfig, type ForwardExport, type JaegerConfigOptions, type JaegerLogin, type JaegerStorage } from "../render/jaegerConfig";
import { htpasswdSha } from "../credentials/htpasswd";
import { renderTracePipeline } from "../render/tailSampling";
import { memoryBytes } from "../settings/quantities";
import type { Settings } from "../settings/settings";
import { HealthProbe, Workload, type ConfigFile, type DataVolume } from "./serviceDescription";
import type { DescribeContext, ServiceDetails } from "./serviceTable";

const CONFIG_PATH = "/etc/jaeger/config.yaml";
const CERT_PATH = "/etc/jaeger/tls/server.pem";
const KEY_PATH = "/etc/jaeger/tls/server-key.pem";
const FORWARD_CA_PATH = "/etc/jaeger/forward/ca.pem";
/**
 * Both the official image and the lab's declare `VOLUME /tmp` (mode 1777) and run as uid 10001,
 * who can write nowhere else. Docker gives an empty named volume the mode of the image directory
 * it is mounted over, so Badger's data volume goes there; Kubernetes gets an fsGroup instead.
 */
const DATA_PATH = "/tmp";
const JAEGER_GID = 10001;

/** Jaeger v2 all-in-one: the trace receiver (OTLP), its storage and the query API and UI. */
export function describeJaeger(settings: Settings, { tls, login, resources, forward: forwardSecrets }: DescribeContext): ServiceDetails {
  const { jaegerStorage, forward } = settings;
  // forward-only: Jaeger is a gateway that keeps nothing, so it has neither storage nor a query API
  // (one over an empty store would answer "not found" for every trace) and needs no volume.
  const stores = forward?.mode !== "forward-only";
  const storage: JaegerStorage | undefined = !stores
    ? undefined
    : jaegerStorage.backend === "memory"
      ? { backend: "memory", maxTraces: settings.jaegerMaxTraces }
      : { backend: "badger", directory: `${DATA_PATH}/jaeger`, retention: jaegerStorage.retention };
  const volumes: DataVolume[] =
    storage?.backend !== "badger" ? [] : [{ name: "data", mountPath: DATA_PATH, size: jaegerStorage.dataSize, retainOnDelete: jaegerStorage.retainOnDelete }];
  if (forward?.customCa === true && forwardSecrets?.caPem === undefined) throw new Error("forwardCa was validated but its value was not handed over");
  if (forward !== undefined && forward.headerNames.length > 0 && forwardSecrets?.headers === undefined) throw new Error("forwardHeaders was validated but its value was not handed over");
  const options: JaegerConfigOptions = {
    storage,
    tls: tls ? { certFile: CERT_PATH, keyFile: KEY_PATH } : undefined,
    pipeline: renderTracePipeline({ tail: settings.sampling.tail, memoryLimitBytes: resources.memoryLimit === "" ? undefined : memoryBytes(resources.memoryLimit) }),
    // Leaving, the receivers' ports go through listeners that ask for TLS (validateSettings requires
    // secure) and the login, which a leaving port always brings (describeServices without logins is
    // the ownership check, which reads only names).
    outsideReceivers: login ? { grpc: settings.leavingPorts.includes("jaeger-otlp-grpc"), http: settings.leavingPorts.includes("jaeger-otlp-http") } : undefined,
  };
  const forwardExport = (headers: Record<string, string>): ForwardExport | undefined =>
    forward && {
      protocol: forward.protocol,
      endpoint: forward.endpoint,
      insecure: forward.insecure,
      caFile: forward.customCa ? FORWARD_CA_PATH : undefined,
      headers,
      queueSpans: forward.queueSpans,
      retrySeconds: forward.retrySeconds,
    };
  const render = (jaegerLogin: JaegerLogin | undefined, headers: Record<string, string>): string =>
    renderJaegerConfig({ ...options, login: jaegerLogin, forward: forwardExport(headers) });
  // The login's hash alone stands for the password, but it is still what a guesser would need.
  const headers = forward && forward.headerNames.length > 0 ? forwardSecrets?.headers : undefined;
  const config = credentialedFile(CONFIG_PATH, login, headers, (password, values) =>
    render(login && password !== undefined ? { username: login.username, passwordHash: htpasswdSha(password) } : undefined, values),
  );
  const files: ConfigFile[] = [config];
  if (tls) {
    files.push({ path: CERT_PATH, content: tls.certPem, sensitive: false }, { path: KEY_PATH, content: tls.keyPem, sensitive: true });
  }
  if (forward?.customCa === true && forwardSecrets?.caPem) files.push({ path: FORWARD_CA_PATH, content: forwardSecrets.caPem, sensitive: true });
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
