import { credentialedFile } from "./credentialedFile";
import { renderEmbedEtcdConfig } from "../render/embedEtcdConfig";
import { renderMilvusUserYaml, type TraceBlockSettings } from "../render/milvusTraceOverlay";
import type { Settings } from "../settings/settings";
import { MILVUS_ROLE } from "./milvusSpanServices";
import { HealthProbe, Workload, type ConfigFile } from "./serviceDescription";
import type { DescribeContext, ServiceDetails } from "./serviceTable";

export const MILVUS_PORTS = { grpc: 19530, health: 9091 } as const;

const USER_YAML_PATH = "/milvus/configs/user.yaml";
const EMBED_ETCD_PATH = "/milvus/configs/embedEtcd.yaml";
const CA_PATH = "/milvus/tls/otlp-ca.pem";
const DATA_PATH = "/var/lib/milvus";

/**
 * Where Milvus sends its spans and how: the stack's trace receiver (`receiverAddress`, plaintext
 * unless `secure`), or under milvus-direct the team's backend, over TLS unless forwardInsecure.
 */
export function milvusTraceTarget(settings: Pick<Settings, "tracing" | "forward">, receiverAddress: string): { tracing: TraceBlockSettings; endpoint: string } {
  const { forward } = settings;
  if (forward?.mode !== "milvus-direct") return { tracing: settings.tracing, endpoint: receiverAddress };
  return { tracing: { ...settings.tracing, secure: !forward.insecure }, endpoint: forward.endpoint };
}

/**
 * Milvus standalone, sending its spans to the trace receiver over OTLP gRPC (the only transport
 * both its exporters share), or under milvus-direct to the team's backend. It starts beside the
 * receiver, not after it: neither tracer waits for its collector at start (2.6's Go exporter dials
 * without blocking and its C++ one makes a lazy gRPC channel; 2.3 measured here, with the receiver
 * stopped and its name not resolving), and a node reboot starts the two in any order anyway.
 */
export function describeMilvus(settings: Settings, { tls, traceReceiver, login, forward: forwardSecrets }: DescribeContext): ServiceDetails {
  const direct = settings.forward?.mode === "milvus-direct" ? settings.forward : undefined;
  const target = milvusTraceTarget(settings, traceReceiver.otlpGrpc);
  if (direct && direct.headerNames.length > 0 && forwardSecrets?.headers === undefined) throw new Error("forwardHeaders was validated but its value was not handed over");
  if (direct?.customCa === true && forwardSecrets?.caPem === undefined) throw new Error("forwardCa was validated but its value was not handed over");
  const headers = direct && direct.headerNames.length > 0 ? forwardSecrets?.headers : undefined;
  const userYaml = credentialedFile(USER_YAML_PATH, login, headers, (password, values) => renderMilvusUserYaml(target.tracing, target.endpoint, password, values));
  const files: ConfigFile[] = [userYaml, { path: EMBED_ETCD_PATH, content: renderEmbedEtcdConfig(), sensitive: false }];
  const env: Record<string, string> = {
    ETCD_USE_EMBED: "true",
    ETCD_DATA_DIR: `${DATA_PATH}/etcd`,
    ETCD_CONFIG_PATH: EMBED_ETCD_PATH,
    COMMON_STORAGETYPE: "local",
    DEPLOY_MODE: "STANDALONE",
    // Milvus has no setting for it; its Go exporter's batch processor reads the standard variable.
    OTEL_BSP_SCHEDULE_DELAY: String(settings.tracing.batchDelayMs),
  };
  // The stack's own CA (secure), or the backend's (milvus-direct with forwardCa, a secret file).
  const ca = direct ? (direct.customCa ? forwardSecrets?.caPem : undefined) : tls?.caPem;
  if (ca) {
    files.push({ path: CA_PATH, content: ca, sensitive: direct !== undefined });
    // Milvus has no CA setting. Its Go exporter trusts SSL_CERT_FILE; its C++ (segcore) exporter,
    // opentelemetry-cpp, ignores that and reads only the OTLP certificate variables (which the Go
    // exporter honours too), so without them the spans under Search and Query never arrive.
    env.SSL_CERT_FILE = CA_PATH;
    env.OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE = CA_PATH;
    env.OTEL_EXPORTER_OTLP_CERTIFICATE = CA_PATH;
  }
  return {
    args: ["milvus", "run", MILVUS_ROLE],
    env,
    files,
    health: {
      probe: HealthProbe.fromHttpGet("/healthz", MILVUS_PORTS.health),
      programsInImage: ["curl"],
      // The Helm chart allows 90 s before its first probe; a start on existing data took longer here.
      startPeriodSeconds: 300,
      intervalSeconds: 5,
      timeoutSeconds: 5,
      failureThreshold: 6,
    },
    // Standalone is one process by design; a cluster is a different deployment of Milvus.
    workload: Workload.stateless(1),
    volumes: [{ name: "data", mountPath: DATA_PATH, size: settings.milvusData.size, retainOnDelete: settings.milvusData.retainOnDelete }],
    needsRelaxedSyscallFilter: true,
    sendsTraces: true,
    startsAfter: [],
  };
}
