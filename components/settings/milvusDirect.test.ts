import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { milvusVersionOf } from "./milvusDirect";
import { validateSettings } from "./validateSettings";
import { settingsProblems as problemsOf } from "../testing/settingsProblems";

const HEADERS = '{"authorization":"Basic dGVhbTpzM2NyM3Q="}';
const DIRECT = { forwardMode: "milvus-direct", forwardEndpoint: "otlp.team.example:4317" };

describe("milvusVersionOf", () => {
  it("reads major and minor from the tag, with or without v, a patch or a suffix", () => {
    assert.deepEqual(milvusVersionOf("milvusdb/milvus:v2.6.15"), { major: 2, minor: 6 });
    assert.deepEqual(milvusVersionOf("milvus-tracing-lab/milvus:2.3.5"), { major: 2, minor: 3 });
    assert.deepEqual(milvusVersionOf("registry.example:5000/milvusdb/milvus:v2.6.0-gpu"), { major: 2, minor: 6 });
    assert.deepEqual(milvusVersionOf("milvusdb/milvus:v3.0@sha256:" + "a".repeat(64)), { major: 3, minor: 0 });
  });

  it("reads none from latest, a branch build, a digest alone or a registry port", () => {
    for (const image of ["milvusdb/milvus:latest", "milvusdb/milvus:master-20250101-abcdef0", "milvusdb/milvus@sha256:" + "a".repeat(64), "registry.example:5000/milvus", "milvus"]) {
      assert.equal(milvusVersionOf(image), undefined, image);
    }
  });
});

describe("forwardMode milvus-direct", () => {
  it("reads the target: gRPC, TLS by default, header names only", () => {
    const settings = validateSettings({ ...DIRECT, forwardHeaders: HEADERS }, "milvus-tracing", new Set(["forwardHeaders"]));
    assert.equal(settings.forward?.mode, "milvus-direct");
    assert.equal(settings.forward.endpoint, "otlp.team.example:4317");
    assert.equal(settings.forward.insecure, false);
    assert.deepEqual(settings.forward.headerNames, ["authorization"]);
    assert.doesNotMatch(JSON.stringify(settings), /dGVhbTpzM2NyM3Q/);
  });

  it("accepts forwardInsecure and forwardCa, which Milvus gets as secure: false and as its CA file", () => {
    assert.equal(validateSettings({ ...DIRECT, forwardInsecure: true }).forward?.insecure, true);
    assert.equal(validateSettings({ ...DIRECT, forwardCa: "pem" }, "milvus-tracing", new Set(["forwardCa"])).forward?.customCa, true);
  });

  it("refuses the lab's Milvus 2.3.5, naming milvusImage and why", () => {
    assert.deepEqual(problemsOf({ ...DIRECT, milvusImage: "milvus-tracing-lab/milvus:2.3.5" }), [
      'milvusImage = "milvus-tracing-lab/milvus:2.3.5" is not allowed with forwardMode = "milvus-direct": expected Milvus 2.6 or later. ' +
        "Milvus 2.3 does not read trace.otlp.headers (first read in 2.6.0), the key this mode gives Milvus the backend's headers with",
    ]);
    assert.match(problemsOf({ ...DIRECT, milvusImage: "milvusdb/milvus:v2.5.15" })[0] ?? "", /^milvusImage = "milvusdb\/milvus:v2.5.15" is not allowed .* Milvus 2\.5 does not read/);
  });

  it("refuses a tag it cannot read a version from, saying so", () => {
    assert.deepEqual(problemsOf({ ...DIRECT, milvusImage: "milvusdb/milvus:latest" }), [
      'milvusImage = "milvusdb/milvus:latest" is not allowed with forwardMode = "milvus-direct": expected an image whose tag names Milvus 2.6 or later, such as milvusdb/milvus:v2.6.15. ' +
        "No version can be read from this tag, and Milvus reads trace.otlp.headers only since 2.6",
    ]);
  });

  it("checks the lab's build too when it stands in for the configured image", () => {
    const problems = problemsOf({ ...DIRECT, labMilvusImage: "milvus-tracing-lab/milvus:2.3.5" });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /^labMilvusImage = "milvus-tracing-lab\/milvus:2.3.5" is not allowed with forwardMode = "milvus-direct"/);
    assert.equal(validateSettings({ ...DIRECT, labMilvusImage: "milvus-tracing-lab/milvus:v2.6.15" }).images.milvus, "milvus-tracing-lab/milvus:v2.6.15");
  });

  it("refuses http, the queue and the retry window, and what only Jaeger reads, every problem at once", () => {
    const problems = problemsOf(
      {
        ...DIRECT,
        forwardProtocol: "http",
        forwardEndpoint: "https://otlp.team.example",
        forwardQueueSpans: 5000,
        forwardRetrySeconds: 60,
        secure: true,
        samplingMode: "tail",
        milvusImage: "milvusdb/milvus:v2.3.5",
        tlsCert: "c",
        tlsKey: "k",
        tlsCa: "a",
      },
      ["tlsCert", "tlsKey", "tlsCa"],
    );
    assert.deepEqual(
      problems.map((problem) => problem.split(" ")[0]),
      ["forwardProtocol", "forwardQueueSpans", "forwardRetrySeconds", "milvusImage", "secure", "tlsCert", "samplingMode"],
    );
    const text = problems.join("\n");
    assert.match(text, /forwardProtocol = "http" is not allowed with forwardMode = "milvus-direct": expected grpc\. .*C\+\+ \(segcore\) exporter as a full URL/);
    assert.match(text, /forwardQueueSpans = 5000 is not allowed with forwardMode = "milvus-direct": expected it unset\. .*this mode runs no Jaeger/);
    assert.match(text, /secure = true is not allowed with forwardMode = "milvus-direct": expected false\. secure is TLS to the stack's own Jaeger/);
    assert.match(text, /tlsCert and tlsKey and tlsCa are set with forwardMode = "milvus-direct": expected none of them/);
    assert.match(text, /samplingMode = "tail" is not allowed with forwardMode = "milvus-direct": expected head/);
  });

  it("lets the queue and retry window stand at Pulumi.yaml's defaults, which the CLI hands over as if set", () => {
    assert.equal(validateSettings({ ...DIRECT, forwardQueueSpans: 100000, forwardRetrySeconds: "300" }).forward?.mode, "milvus-direct");
  });

  it("leaves Jaeger's ports out of those that leave the platform: no login for a Jaeger that is not there", () => {
    const settings = validateSettings({ ...DIRECT, target: "kubernetes", serviceType: "LoadBalancer" });
    assert.deepEqual(settings.leavingPorts, ["milvus-grpc"]);
    assert.ok(validateSettings({ target: "kubernetes", serviceType: "LoadBalancer" }).leavingPorts.includes("jaeger-query"));
  });
});
