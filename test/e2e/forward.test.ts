import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { basicAuthorization } from "../../verify/login";
import { teamBackendConfig } from "../teamBackend";
import { makeTestCa } from "../testCa";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

/** The team's backend: a container of the lab's Jaeger on the stack's network, asking for TLS and basic auth. */
const BACKEND = { container: "milvus-tracing-e2e-team-backend", alias: "team-backend", query: "http://127.0.0.1:29986" } as const;

describe("a Docker stack forwarding to the team's backend (local-and-forward, TLS with the team's CA, an authorization header)", () => {
  const name = "e2e-forward";
  const team = { username: "team", password: randomBytes(24).toString("base64url") };
  const authorization = basicAuthorization(team);
  let stack: ThrowawayStack;
  let dir: string;
  before(async () => {
    assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
    dir = mkdtempSync(join(tmpdir(), "milvus-tracing-e2e-team-"));
    const ca = await makeTestCa(dir, [BACKEND.alias]);
    const forward = { forwardMode: "local-and-forward", forwardEndpoint: `${BACKEND.alias}:4317`, forwardProtocol: "grpc" };
    stack = await ThrowawayStack.create("forward", { target: "docker", sampleFraction: 1, secure: false, traceBatchDelayMs: 500, retainData: false, ...forward, ...images, ...ports(29000) });
    await stack.setSecret("forwardHeaders", JSON.stringify({ authorization }));
    await stack.setSecret("forwardCa", readFileSync(ca.caFile, "utf8"));
    const listen = (port: number): string => `0.0.0.0:${port}`;
    const config = teamBackendConfig(
      { otlpGrpc: listen(4317), otlpHttp: listen(4318), query: listen(16686), queryGrpc: listen(16685), health: listen(13133), metrics: { host: "0.0.0.0", port: 8888 } },
      { certFile: "/team/server.pem", keyFile: "/team/server-key.pem" },
      team,
    );
    writeFileSync(join(dir, "backend.yaml"), config);
    // The backend's Jaeger runs as an unprivileged user: its files must be readable to it.
    chmodSync(dir, 0o755);
    for (const file of ["backend.yaml", "server.pem", "server-key.pem"]) chmodSync(join(dir, file), 0o644);
  });
  after(async () => {
    // The backend is on the stack's network: it must go before the stack can remove that network.
    await docker(["rm", "-f", BACKEND.container]).catch(() => undefined);
    await stack.destroy();
    await stack.remove();
  });

  it("deploys; verify finds its trace, client and Milvus spans, in Jaeger and in the backend, and the forwarder sent without failures", async (t) => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    assert.equal((await stack.outputs()).forwardMode, "local-and-forward");
    const jaegerImage = images.labJaegerImage ?? "";
    await docker(["create", "--name", BACKEND.container, "--network", `milvus-tracing-${name}`, "--network-alias", BACKEND.alias, "-p", "127.0.0.1:29986:16686", jaegerImage, "--config", "/team/backend.yaml"]);
    await docker(["cp", `${dir}/.`, `${BACKEND.container}:/team`]);
    await docker(["start", BACKEND.container]);
    await untilQueryAnswers(BACKEND.query, authorization).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await docker(["logs", "--tail", "30", BACKEND.container]).catch(String)}`);
    });

    // Jaeger's forwarder retried with backoff (up to 30 s) while the backend did not exist yet.
    const { code, verdict } = await stack.verify(["--backend-query", BACKEND.query, "--timeout", "90"], undefined, { VERIFY_BACKEND_USER: team.username, VERIFY_BACKEND_PASSWORD: team.password });
    assert.ok(verdict, "verify printed a JSON verdict");
    t.diagnostic(verdict.checks.map((check) => `${check.name}: ${check.detail}`).join("\n"));
    assert.deepEqual(
      verdict.checks.map((check) => `${check.name}: ${String(check.passed)}`),
      ["trace in Jaeger", "client span per RPC", "Milvus server spans in the trace", `trace in the backend ${BACKEND.query}`, "backend: client span per RPC", "backend: Milvus server spans in the trace"].map(
        (check) => `${check}: true`,
      ),
    );
    assert.equal(code, 0);
    const collector = verdict.collector;
    assert.ok(collector && typeof collector === "object" && collector.forward, `collector counters: ${JSON.stringify(collector)}`);
    t.diagnostic(`forwarder over verify's run: ${JSON.stringify(collector.forward)}`);
    assert.equal(collector.forward.exporter, "otlp/forward");
    assert.ok(collector.forward.sent > 0, JSON.stringify(collector.forward));
    assert.equal(collector.forward.failed + collector.forward.enqueueFailed, 0, JSON.stringify(collector.forward));
  });

  it("keeps the header and the team's CA out of plain text: state, outputs, the container's spec and Jaeger's log", async () => {
    const jaeger = `milvus-tracing-${name}-jaeger`;
    const seen = [
      (await stack.pulumi(["stack", "export"])).output,
      (await stack.pulumi(["stack", "output", "--json"])).output,
      await docker(["inspect", jaeger]),
      await docker(["logs", jaeger]),
    ].join("\n");
    assert.ok(seen.includes("ciphertext"), "the state holds the secrets, encrypted");
    for (const secret of [authorization, authorization.replace(/^Basic /, ""), team.password]) {
      assert.equal(seen.includes(secret), false, "the authorization header's value in plain text");
    }
    const caBody = readFileSync(join(dir, "ca.pem"), "utf8").split("\n")[1] ?? "";
    assert.ok(caBody.length > 40);
    assert.equal(seen.includes(caBody), false, "the team's CA in plain text");
  });
});

/** Until the backend's query API answers with the team's login, bounded. */
async function untilQueryAnswers(query: string, authorization: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${query}/api/services`, { headers: { authorization } });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(1000);
  }
  throw new Error(`the team's backend at ${query} did not answer within 90 s: ${last}`);
}
