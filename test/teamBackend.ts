import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { htpasswdSha } from "../components/credentials/htpasswd";
import { basicAuthorization, type Login } from "../verify/login";
import { makeTestCa } from "./testCa";
import { scratchDir } from "./scratch";

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

/** The team's login, new for each run, and the authorization header that carries it. */
export function newTeamLogin(): { team: Login; authorization: string } {
  const team = { username: "team", password: randomBytes(24).toString("base64url") };
  return { team, authorization: basicAuthorization(team) };
}

/** Where a backend in a container or pod finds its files (the folder writeContainerBackend fills). */
export const CONTAINER_BACKEND_FILES = ["backend.yaml", "server.pem", "server-key.pem"] as const;

/**
 * The files of a backend that runs in a container or pod, in a new folder: its config listening on
 * every interface of the container, with its certificate (for `dnsNames`, from a new test CA) under
 * /team. Readable to the unprivileged user the lab's Jaeger image runs as.
 */
export async function writeContainerBackend(label: string, dnsNames: readonly string[], team: Login): Promise<{ dir: string; caPem: string }> {
  const dir = scratchDir(label);
  const ca = await makeTestCa(dir, dnsNames);
  const listen = (port: number): string => `0.0.0.0:${port}`;
  const listeners = { otlpGrpc: listen(4317), otlpHttp: listen(4318), query: listen(16686), queryGrpc: listen(16685), health: listen(13133), metrics: { host: "0.0.0.0", port: 8888 } };
  writeFileSync(join(dir, "backend.yaml"), teamBackendConfig(listeners, { certFile: "/team/server.pem", keyFile: "/team/server-key.pem" }, team));
  chmodSync(dir, 0o755);
  for (const file of CONTAINER_BACKEND_FILES) chmodSync(join(dir, file), 0o644);
  return { dir, caPem: readFileSync(ca.caFile, "utf8") };
}

/** verify's checks, all passed, when it finds its trace in the stack's Jaeger and in the backend at `query`. */
export function forwardedChecks(query: string): string[] {
  return ["trace in Jaeger", "client span per RPC", "Milvus server spans in the trace", `trace in the backend ${query}`, "backend: client span per RPC", "backend: Milvus server spans in the trace"].map(
    (check) => `${check}: true`,
  );
}

/**
 * What a person could read of a deployed forwarding stack (`seen`: state, outputs, specs, logs)
 * holds the secrets only encrypted: neither the header, its login nor the team's CA in plain text.
 */
export function assertNoTeamSecretIn(seen: string, secrets: { team: Login; authorization: string; caPem: string }): void {
  assert.ok(seen.includes("ciphertext"), "the state holds the secrets, encrypted");
  for (const secret of [secrets.authorization, secrets.authorization.replace(/^Basic /, ""), secrets.team.password]) {
    assert.equal(seen.includes(secret), false, "the authorization header's value in plain text");
  }
  const caBody = secrets.caPem.split("\n")[1] ?? "";
  assert.ok(caBody.length > 40);
  assert.equal(seen.includes(caBody), false, "the team's CA in plain text");
}
