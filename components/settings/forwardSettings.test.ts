import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEndpoint, parseHeaders } from "./forwardSettings";
import { validateSettings } from "./validateSettings";
import { settingsProblems as problemsOf } from "../testing/settingsProblems";

const HEADERS = '{"authorization":"Basic dGVhbTpzM2NyM3Q="}';

describe("forward settings", () => {
  it("stores locally and forwards nothing by default", () => {
    assert.equal(validateSettings({}).forward, undefined);
  });

  it("reads a gRPC target with its queue, retry window and header names, never the header values", () => {
    const settings = validateSettings(
      { forwardMode: "local-and-forward", forwardEndpoint: "otlp.example.com:4317", forwardHeaders: HEADERS },
      "milvus-tracing",
      new Set(["forwardHeaders"]),
    );
    assert.deepEqual(settings.forward, {
      mode: "local-and-forward",
      protocol: "grpc",
      endpoint: "otlp.example.com:4317",
      insecure: false,
      customCa: false,
      headerNames: ["authorization"],
      queueSpans: 100000,
      retrySeconds: 300,
    });
    assert.doesNotMatch(JSON.stringify(settings), /dGVhbTpzM2NyM3Q/);
  });

  it("reads an HTTP target and the queue and retry window the stack sets", () => {
    const settings = validateSettings({ forwardMode: "forward-only", forwardProtocol: "http", forwardEndpoint: "https://otlp.example.com/otlp/", forwardQueueSpans: "5000", forwardRetrySeconds: 60 });
    assert.equal(settings.forward?.endpoint, "https://otlp.example.com/otlp");
    assert.equal(settings.forward.queueSpans, 5000);
    assert.equal(settings.forward.retrySeconds, 60);
  });

  it("refuses headers and a CA in plain text, naming the key and not the value", () => {
    const problems = problemsOf({ forwardMode: "forward-only", forwardEndpoint: "otlp.example.com:4317", forwardHeaders: HEADERS, forwardCa: "-----BEGIN CERTIFICATE-----" });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? "", /^forwardHeaders is set in plain text \(value not shown\): expected a secret; set it with pulumi config set --secret forwardHeaders/);
    assert.match(problems[1] ?? "", /^forwardCa is set in plain text/);
    assert.doesNotMatch(problems.join("\n"), /dGVhbTpzM2NyM3Q|BEGIN/);
  });

  it("refuses a malformed header map without printing it", () => {
    const problems = problemsOf({ forwardMode: "forward-only", forwardEndpoint: "otlp.example.com:4317", forwardHeaders: '{"bad name":"s3cr3t"}' }, ["forwardHeaders"]);
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? "", /^forwardHeaders \(value not shown\) is not allowed: expected a map of header name to value/);
    assert.doesNotMatch(problems[0] ?? "", /s3cr3t/);
  });

  it("lists every problem at once: mode, endpoint, protocol, queue, retry window", () => {
    const problems = problemsOf({ forwardMode: "forward-only", forwardProtocol: "udp", forwardQueueSpans: 10, forwardRetrySeconds: "forever", forwardInsecure: "maybe" });
    assert.deepEqual(
      problems.map((problem) => problem.split(" ")[0]),
      ["forwardProtocol", "forwardInsecure", "forwardQueueSpans", "forwardRetrySeconds", "forwardEndpoint"],
    );
    assert.match(problems.join("\n"), /forwardEndpoint is not set with forwardMode = "forward-only": expected the team's OTLP gRPC address as host:port/);
  });

  it("refuses forward settings under local", () => {
    assert.deepEqual(problemsOf({ forwardEndpoint: "otlp.example.com:4317", forwardQueueSpans: 1000 }), [
      'forwardEndpoint and forwardQueueSpans are set with forwardMode = "local": expected forwardMode local-and-forward, forward-only or milvus-direct, or none of them',
    ]);
  });

  it("refuses a CA with plain text, which has no certificate to check", () => {
    const problems = problemsOf({ forwardMode: "local-and-forward", forwardEndpoint: "otlp:4317", forwardInsecure: true, forwardCa: "pem" }, ["forwardCa"]);
    assert.deepEqual(problems, ["forwardCa is set with forwardInsecure = true: expected one of them; a CA is for checking the backend's certificate, which plain text has none of"]);
  });
});

describe("parseEndpoint", () => {
  it("takes host:port for grpc, without a scheme", () => {
    assert.equal(parseEndpoint("127.0.0.2:4317", "grpc", false).ok, true);
    assert.equal(parseEndpoint("[::1]:4317", "grpc", false).ok, true);
    for (const bad of ["https://otlp:4317", "otlp", "otlp:99999", ""]) assert.equal(parseEndpoint(bad, "grpc", false).ok, false, bad);
  });

  it("takes an https URL for http, and http:// only when insecure", () => {
    assert.equal(parseEndpoint("https://otlp.example.com:4318", "http", false).ok, true);
    assert.equal(parseEndpoint("http://otlp.example.com:4318", "http", false).ok, false);
    assert.equal(parseEndpoint("http://otlp:4318", "http", true).ok, true);
    assert.equal(parseEndpoint("https://user:pw@otlp:4318", "http", false).ok, false);
  });
});

describe("parseHeaders", () => {
  it("takes a JSON map or an object of one-line string values", () => {
    assert.deepEqual(parseHeaders(HEADERS), { ok: true, value: { authorization: "Basic dGVhbTpzM2NyM3Q=" } });
    assert.equal(parseHeaders({ "x-scope-orgid": "team" }).ok, true);
    for (const bad of ["{}", "[]", "not json", '{"a":1}', '{"a":"x\\ny"}', '{"a":""}']) assert.equal(parseHeaders(bad).ok, false, bad);
  });
});
