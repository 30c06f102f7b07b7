import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { milvusAnswers, otlpExportFailures } from "../e2e/logins";
import { ensureRootPassword, MILVUS_DEFAULT_ROOT_PASSWORD } from "../../components/credentials/milvusRootPassword";
import { renderMilvusUserYaml } from "../../components/render/milvusTraceOverlay";
import type { TracingSettings } from "../../components/settings/settings";
import { htpasswdSha } from "../../components/credentials/htpasswd";
import { basicAuthorization } from "../../verify/login";
import { ENDPOINTS, makeTestCa, runVerifyHere, scratchDir, startJaeger, startMilvus, type RunningServer, type TestCa } from "./harness";
import { overlayToEnv } from "./milvusTraceEnv";

const tracing: TracingSettings = { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 };
const PASSWORD = "k7Qm2x9VbT4nWc8RzL5pHd3sYf6Ja1Ue";

const JAEGER_LOGIN = { username: "jaeger", password: "Zr8Tq3Lm6Wv1Yc4Nb7Xk2Pd5Hs9Ga0Jf" };

/** Status and WWW-Authenticate of a GET of the query API, with the given Authorization header. */
async function queryApi(authorization: string | undefined): Promise<{ status: number; challenge: string | null }> {
  const response = await fetch(`${ENDPOINTS.jaegerQuery}/api/services`, { headers: authorization ? { authorization } : {} });
  await response.arrayBuffer();
  return { status: response.status, challenge: response.headers.get("www-authenticate") };
}

describe("Milvus 2.3 and Jaeger 2.13 as the stack renders them when their ports leave the platform", () => {
  const dir = scratchDir("milvus-auth");
  let jaeger: RunningServer | undefined;
  let milvus: RunningServer | undefined;
  before(async () => {
    jaeger = await startJaeger(dir, undefined, undefined, { login: { username: JAEGER_LOGIN.username, passwordHash: htpasswdSha(JAEGER_LOGIN.password) } });
    milvus = await startMilvus(dir, tracing, overlayToEnv(renderMilvusUserYaml(tracing, ENDPOINTS.otlp, PASSWORD)));
  });
  after(async () => {
    await milvus?.stop();
    await jaeger?.stop();
  });

  it("starts with authorization on and root's default password, which ensureRootPassword replaces once", async () => {
    assert.match(await milvusAnswers(ENDPOINTS.milvus, undefined), /^refused: /, "a client without credentials");
    assert.equal(await milvusAnswers(ENDPOINTS.milvus, { username: "root", password: MILVUS_DEFAULT_ROOT_PASSWORD }), "ok", "2.3 ignores defaultRootPassword");

    assert.equal(await ensureRootPassword({ address: ENDPOINTS.milvus, password: PASSWORD, timeoutSeconds: 60 }), "changed");
    assert.equal(await ensureRootPassword({ address: ENDPOINTS.milvus, password: PASSWORD, timeoutSeconds: 60 }), "already set");

    assert.equal(await milvusAnswers(ENDPOINTS.milvus, { username: "root", password: PASSWORD }), "ok");
    assert.match(await milvusAnswers(ENDPOINTS.milvus, { username: "root", password: MILVUS_DEFAULT_ROOT_PASSWORD }), /^refused: /, "the default password");
    assert.match(await milvusAnswers(ENDPOINTS.milvus, undefined), /^refused: /, "no credentials");
  });

  it("serves Jaeger's query API only to the login whose {SHA} hash its config holds", async () => {
    const refused = await queryApi(undefined);
    assert.equal(refused.status, 401, "no credentials");
    assert.equal((await queryApi(basicAuthorization({ ...JAEGER_LOGIN, password: "wrong" }))).status, 401, "a wrong password");
    assert.equal((await queryApi(basicAuthorization(JAEGER_LOGIN))).status, 200);
    // Measured: 2.13's 401 carries no challenge, so a browser shows the error instead of asking
    // for the login (README: the UI beyond loopback needs the Authorization header).
    assert.equal(refused.challenge, null);
  });

  it("verify passes with both logins, and stops at the one it lacks, naming the server", async () => {
    const logins = {
      VERIFY_MILVUS_USER: "root",
      VERIFY_MILVUS_PASSWORD: PASSWORD,
      VERIFY_JAEGER_USER: JAEGER_LOGIN.username,
      VERIFY_JAEGER_PASSWORD: JAEGER_LOGIN.password,
    };
    const passed = await runVerifyHere([], undefined, { ...process.env, ...logins });
    assert.equal(passed.code, 0, passed.stderr);
    assert.deepEqual(passed.verdict?.checks.map((check) => check.passed), [true, true, true]);

    const without = (prefix: string) => Object.fromEntries(Object.entries(logins).filter(([key]) => !key.startsWith(prefix)));
    const noMilvusLogin = await runVerifyHere([], undefined, { ...process.env, ...without("VERIFY_MILVUS") });
    assert.equal(noMilvusLogin.code, 2);
    assert.match(noMilvusLogin.verdict?.error?.message ?? "", /Milvus refused the .* call's login/);

    const noJaegerLogin = await runVerifyHere([], undefined, { ...process.env, ...without("VERIFY_JAEGER") });
    assert.equal(noJaegerLogin.code, 2);
    assert.match(noJaegerLogin.verdict?.error?.message ?? "", /Jaeger's query API refused a request without a login \(HTTP 401\)/);
  });

  it("verify --find lists traces with Jaeger's login, and exits 2 naming Jaeger without it or with a wrong one", async () => {
    const login = { VERIFY_JAEGER_USER: JAEGER_LOGIN.username, VERIFY_JAEGER_PASSWORD: JAEGER_LOGIN.password };
    const listed = await runVerifyHere(["--find"], undefined, { ...process.env, ...login });
    assert.equal(listed.code, 0, listed.stderr);
    for (const env of [{}, { ...login, VERIFY_JAEGER_PASSWORD: "wrong" }]) {
      const refused = await runVerifyHere(["--find"], undefined, { ...process.env, ...env });
      assert.equal(refused.code, 2);
      const error = refused.verdict?.error;
      assert.ok(error, "a JSON verdict with the error");
      assert.equal(error.endpoint, ENDPOINTS.jaegerQuery);
      assert.match(error.message, /Jaeger's query API refused (a request without a login|the login of jaeger) \(HTTP 401\)/);
    }
  });

  it("fails naming Milvus when neither password is accepted, within its bound", async () => {
    const started = Date.now();
    await assert.rejects(ensureRootPassword({ address: ENDPOINTS.milvus, password: "not-the-one-it-has", timeoutSeconds: 5 }), /Milvus at 127\.0\.0\.1:19530 accepted neither/);
    assert.ok(Date.now() - started < 30_000);
  });
});

describe("Jaeger 2.13's OTLP receiver for clients outside the platform (TLS and the login)", () => {
  const dir = scratchDir("otlp-outside");
  const outsideOtlp = "127.0.0.1:4319";
  let ca: TestCa | undefined;
  let jaeger: RunningServer | undefined;
  let milvus: RunningServer | undefined;
  before(async () => {
    ca = await makeTestCa(dir);
    const login = { username: JAEGER_LOGIN.username, passwordHash: htpasswdSha(JAEGER_LOGIN.password) };
    jaeger = await startJaeger(dir, { certFile: ca.certFile, keyFile: ca.keyFile }, undefined, { login, outsideReceivers: { grpc: true, http: false } });
    // Milvus sends to the inside receiver, over TLS with no login, as on the platform.
    milvus = await startMilvus(dir, { ...tracing, secure: true }, { SSL_CERT_FILE: ca.caFile });
  });
  after(async () => {
    await milvus?.stop();
    await jaeger?.stop();
  });
  const verifyThroughOutside = (env: Record<string, string>) => {
    assert.ok(ca);
    const args = ["--otlp", outsideOtlp, "--secure", "--ca-file", ca.caFile, "--timeout", "20"];
    return runVerifyHere(args, undefined, { ...process.env, VERIFY_JAEGER_USER: JAEGER_LOGIN.username, ...env });
  };

  it("takes verify's spans with the login, and Milvus's from the inside receiver, into one trace", async () => {
    const { code, verdict, stderr } = await verifyThroughOutside({ VERIFY_JAEGER_PASSWORD: JAEGER_LOGIN.password });
    assert.equal(code, 0, stderr);
    assert.deepEqual(verdict?.checks.map((check) => check.passed), [true, true, true]);
  });

  it("refuses a client's spans without the login or with a wrong one", async () => {
    assert.ok(ca);
    const caPem = readFileSync(ca.caFile, "utf8");
    assert.deepEqual(await otlpExportFailures(outsideOtlp, caPem, JAEGER_LOGIN), [], "the login");
    assert.match((await otlpExportFailures(outsideOtlp, caPem, { ...JAEGER_LOGIN, password: "not-the-login" })).join(), /UNAUTHENTICATED/);
    assert.match((await otlpExportFailures(outsideOtlp, caPem, undefined)).join(), /UNAUTHENTICATED/);
  });
});
