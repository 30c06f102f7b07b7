import { stringify } from "yaml";
import { htpasswdSha } from "../components/credentials/htpasswd";
import type { Login } from "../verify/login";

/** host:port each listener of the team's backend binds. */
export interface TeamBackendListeners {
  otlpGrpc: string;
  otlpHttp: string;
  query: string;
  queryGrpc: string;
  health: string;
  /** Its own collector counters (Prometheus). */
  metrics: { host: string; port: number };
}

/**
 * The team's backend as the forwarding tests play it: a Jaeger v2 whose OTLP receivers ask for TLS
 * and basic auth, and whose query API asks for the same login, storing in memory.
 */
export function teamBackendConfig(listen: TeamBackendListeners, tls: { certFile: string; keyFile: string }, login: Login): string {
  const auth = { auth: { authenticator: "basicauth/team" } };
  const receiverTls = { tls: { cert_file: tls.certFile, key_file: tls.keyFile }, ...auth };
  return stringify({
    service: {
      extensions: ["basicauth/team", "jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
      telemetry: { logs: { level: "info" }, metrics: { readers: [{ pull: { exporter: { prometheus: listen.metrics } } }] } },
    },
    extensions: {
      "basicauth/team": { htpasswd: { inline: `${login.username}:${htpasswdSha(login.password)}` } },
      healthcheckv2: { use_v2: true, http: { endpoint: listen.health } },
      jaeger_storage: { backends: { team_store: { memory: { max_traces: 20_000 } } } },
      jaeger_query: { enable_tracing: false, storage: { traces: "team_store" }, http: { endpoint: listen.query, ...auth }, grpc: { endpoint: listen.queryGrpc } },
    },
    receivers: { otlp: { protocols: { grpc: { endpoint: listen.otlpGrpc, ...receiverTls }, http: { endpoint: listen.otlpHttp, ...receiverTls } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: "team_store" } },
  });
}
