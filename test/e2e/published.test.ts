import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MILVUS_DEFAULT_ROOT_PASSWORD } from "../../components/credentials/milvusRootPassword";
import type { Login } from "../../verify/login";
import { milvusAnswers, otlpExportFailures, queryStatus } from "./logins";
import { docker, hostPorts as ports, LAB_IMAGES as images, ThrowawayStack } from "./pulumiStack";

describe("a Docker stack published on every interface (bindAddress 0.0.0.0)", () => {
  const name = "e2e-public";
  let stack: ThrowawayStack;
  let logins: { milvus: Login; jaeger: Login } | undefined;
  before(async () => {
    stack = await ThrowawayStack.create("public", { target: "docker", sampleFraction: 1, bindAddress: "0.0.0.0", retainData: false, ...images, ...ports(23000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("publishes Milvus gRPC and Jaeger's query API on every interface, health, metrics and OTLP on loopback only", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const bindings = async (service: string) => {
      const json = await docker(["inspect", "-f", "{{json .HostConfig.PortBindings}}", `milvus-tracing-${name}-${service}`]);
      const parsed = JSON.parse(json) as Record<string, { HostIp: string; HostPort: string }[]>;
      return Object.entries(parsed).map(([port, [binding]]) => `${port}->${binding?.HostIp}:${binding?.HostPort}`).sort();
    };
    assert.deepEqual(await bindings("milvus"), ["19530/tcp->0.0.0.0:23530", "9091/tcp->127.0.0.1:23091"]);
    assert.deepEqual(await bindings("jaeger"), ["16686/tcp->0.0.0.0:23686", "4317/tcp->127.0.0.1:23317", "4318/tcp->127.0.0.1:23318", "8888/tcp->127.0.0.1:23888"]);
  });

  it("outputs generated logins only as a secret, and puts neither password in state, environment or logs", async () => {
    const outputs = await stack.outputs();
    logins = outputs.credentials as { milvus: Login; jaeger: Login };
    assert.equal(logins.milvus.username, "root");
    assert.equal(logins.jaeger.username, "jaeger");
    for (const login of [logins.milvus, logins.jaeger]) assert.match(login.password, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(logins.milvus.password, logins.jaeger.password);

    const plainOutputs = await stack.pulumi(["stack", "output", "--json"]);
    const exported = await stack.pulumi(["stack", "export"]);
    for (const service of ["milvus", "jaeger"]) {
      const container = `milvus-tracing-${name}-${service}`;
      const seen = [plainOutputs.output, exported.output, await docker(["inspect", container]), await docker(["logs", container])].join("\n");
      for (const login of [logins.milvus, logins.jaeger]) assert.equal(seen.includes(login.password), false, `a password in plain text around ${container}`);
    }
  });

  it("verify passes with the stack's logins, and Milvus and Jaeger's query refuse a client without them", async () => {
    assert.ok(logins);
    const { code, verdict } = await stack.verify();
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true]);
    assert.equal(code, 0);

    const milvus = "127.0.0.1:23530";
    assert.equal(await milvusAnswers(milvus, logins.milvus), "ok");
    assert.match(await milvusAnswers(milvus, undefined), /^refused: .*UNAUTHENTICATED/);
    assert.match(await milvusAnswers(milvus, { username: "root", password: MILVUS_DEFAULT_ROOT_PASSWORD }), /^refused: .*UNAUTHENTICATED/, "root's default password");
    const query = "http://127.0.0.1:23686";
    assert.equal(await queryStatus(query, logins.jaeger), 200);
    assert.equal(await queryStatus(query, undefined), 401);
    assert.equal(await queryStatus(query, { ...logins.jaeger, password: logins.milvus.password }), 401);

    const wrong = await stack.verify([], undefined, { VERIFY_MILVUS_USER: "root", VERIFY_MILVUS_PASSWORD: MILVUS_DEFAULT_ROOT_PASSWORD });
    assert.equal(wrong.code, 2);
    assert.match(wrong.verdict?.error?.message ?? "", /Milvus refused the .* call's login/);
  });

  it("keeps the logins across an update that changes nothing", async () => {
    const preview = await stack.preview("--expect-no-changes");
    assert.equal(preview.code, 0, preview.output);
    assert.deepEqual((await stack.outputs()).credentials, logins);
  });
});

describe("a secure Docker stack on every interface: OTLP leaves through Jaeger's outside receiver", () => {
  const name = "e2e-public-tls";
  let stack: ThrowawayStack;
  before(async () => {
    stack = await ThrowawayStack.create("public-tls", { target: "docker", sampleFraction: 1, secure: true, bindAddress: "0.0.0.0", retainData: false, ...images, ...ports(24000) });
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("publishes the OTLP host ports from the receivers that ask for TLS and the login, and verify passes through them", async () => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    const json = await docker(["inspect", "-f", "{{json .HostConfig.PortBindings}}", `milvus-tracing-${name}-jaeger`]);
    const bindings = Object.entries(JSON.parse(json) as Record<string, { HostIp: string; HostPort: string }[]>).map(([port, [b]]) => `${port}->${b?.HostIp}:${b?.HostPort}`);
    assert.deepEqual(bindings.sort(), ["16686/tcp->0.0.0.0:24686", "4319/tcp->0.0.0.0:24317", "4320/tcp->0.0.0.0:24318", "8888/tcp->127.0.0.1:24888"]);
    const { code, verdict } = await stack.verify();
    assert.ok(verdict, "verify printed a JSON verdict");
    assert.equal(verdict.endpoints?.otlpEndpoint, "127.0.0.1:24317");
    assert.deepEqual(verdict.checks.map((check) => check.passed), [true, true, true]);
    assert.equal(code, 0);
  });

  it("refuses a client's spans without Jaeger's login", async () => {
    const outputs = await stack.outputs();
    const [endpoint, caPem, jaeger] = [String(outputs.otlpEndpoint), String(outputs.caCertificate), (outputs.credentials as { jaeger: Login }).jaeger];
    assert.deepEqual(await otlpExportFailures(endpoint, caPem, jaeger), [], "the login");
    assert.match((await otlpExportFailures(endpoint, caPem, undefined)).join(), /UNAUTHENTICATED/);
    assert.match((await otlpExportFailures(endpoint, caPem, { ...jaeger, password: "not-the-login" })).join(), /UNAUTHENTICATED/);
  });
});
