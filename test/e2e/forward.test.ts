import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { assertNoTeamSecretIn, forwardedChecks, newTeamLogin, writeContainerBackend } from "../teamBackend";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

/** The team's backend: a container of the lab's Jaeger on the stack's network, asking for TLS and basic auth. */
const BACKEND = { container: "milvus-tracing-e2e-team-backend", alias: "team-backend", query: "http://127.0.0.1:29986" } as const;

describe("a Docker stack forwarding to the team's backend (local-and-forward, TLS with the team's CA, an authorization header)", () => {
  const name = "e2e-forward";
  const { team, authorization } = newTeamLogin();
  let stack: ThrowawayStack;
  let dir: string;
  let caPem: string;
  before(async () => {
    assert.ok(images.labMilvusImage && images.labJaegerImage, "run through test/e2e/run.sh, which builds the lab images");
    ({ dir, caPem } = await writeContainerBackend("e2e-team", [BACKEND.alias], team));
    const forward = { forwardMode: "local-and-forward", forwardEndpoint: `${BACKEND.alias}:4317`, forwardProtocol: "grpc" };
    stack = await ThrowawayStack.create("forward", { target: "docker", sampleFraction: 1, secure: false, traceBatchDelayMs: 500, retainData: false, ...forward, ...images, ...ports(29000) });
    await stack.setSecret("forwardHeaders", JSON.stringify({ authorization }));
    await stack.setSecret("forwardCa", caPem);
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
      forwardedChecks(BACKEND.query),
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
    assertNoTeamSecretIn(seen, { team, authorization, caPem });
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
