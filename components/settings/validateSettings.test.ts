import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SettingsError, validateSettings } from "./validateSettings";
import { settingsProblems as problemsOf } from "../testing/settingsProblems";

describe("validateSettings", () => {
  it("gives safe defaults for an empty stack", () => {
    const settings = validateSettings({});
    assert.equal(settings.target, "docker");
    assert.deepEqual(settings.tracing, { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 5000 });
    assert.equal(settings.docker.bindAddress, "127.0.0.1");
    assert.deepEqual(settings.docker.hostPorts, {
      "milvus-grpc": 19530,
      "milvus-health": 9091,
      "jaeger-query": 16686,
      "jaeger-otlp-grpc": 4317,
      "jaeger-otlp-http": 4318,
      "jaeger-metrics": 8888,
    });
    assert.equal(settings.kubernetes.serviceType, "ClusterIP");
    assert.deepEqual(settings.kubernetes.externalPorts, ["milvus-grpc", "jaeger-query"]);
    assert.equal(settings.kubernetes.kubeconfig, undefined);
    assert.equal(settings.milvusData.retainOnDelete, true);
    assert.match(settings.images.milvus ?? "", /^milvusdb\/milvus:v2\.6\.\d+$/);
    assert.match(settings.images.jaeger ?? "", /^jaegertracing\/jaeger:2\.\d+\.\d+$/);
  });

  it("accepts sampleFraction as a number or a numeric string", () => {
    assert.equal(validateSettings({ sampleFraction: 0.25 }).tracing.sampleFraction, 0.25);
    assert.equal(validateSettings({ sampleFraction: "0.1" }).tracing.sampleFraction, 0.1);
    assert.equal(validateSettings({ sampleFraction: "0" }).tracing.sampleFraction, 0);
    assert.equal(validateSettings({ sampleFraction: "1.0" }).tracing.sampleFraction, 1);
  });

  for (const bad of ["-0.1", "1.5", "NaN", "abc", "1e", "Infinity", true]) {
    it(`rejects sampleFraction ${JSON.stringify(bad)} naming key, value and range`, () => {
      const [problem] = problemsOf({ sampleFraction: bad });
      assert.equal(problem, `sampleFraction = ${JSON.stringify(bad)} is not allowed: expected a number from 0 to 1`);
    });
  }

  it("parses booleans from config strings and rejects anything else", () => {
    assert.equal(validateSettings({ secure: "true" }).tracing.secure, true);
    assert.equal(validateSettings({ secure: false }).tracing.secure, false);
    assert.deepEqual(problemsOf({ secure: "yes" }), ['secure = "yes" is not allowed: expected true or false']);
  });

  it("names the allowed values of enumerations", () => {
    assert.deepEqual(problemsOf({ target: "nomad" }), ['target = "nomad" is not allowed: expected one of docker | kubernetes']);
    assert.deepEqual(problemsOf({ otlpMethod: "udp" }), ['otlpMethod = "udp" is not allowed: expected one of grpc']);
    assert.deepEqual(problemsOf({ serviceType: "ExternalName" }), [
      'serviceType = "ExternalName" is not allowed: expected one of ClusterIP | NodePort | LoadBalancer',
    ]);
  });

  it("takes the ports that leave a cluster as a list of known ports, and nothing else", () => {
    assert.deepEqual(validateSettings({ externalPorts: "jaeger-query, milvus-grpc" }).kubernetes.externalPorts, ["jaeger-query", "milvus-grpc"]);
    assert.deepEqual(validateSettings({ externalPorts: ["milvus-grpc"] }).kubernetes.externalPorts, ["milvus-grpc"]);
    assert.deepEqual(validateSettings({ externalPorts: "" }).kubernetes.externalPorts, []);
    const allowed = "expected a comma-separated list of milvus-grpc, jaeger-query, jaeger-otlp-grpc, jaeger-otlp-http";
    assert.deepEqual(problemsOf({ externalPorts: "milvus-health" }), [`externalPorts = "milvus-health" is not allowed: ${allowed}`]);
    assert.deepEqual(problemsOf({ externalPorts: "milvus-grpc,milvus-grpc" }), [`externalPorts = "milvus-grpc,milvus-grpc" is not allowed: ${allowed}`]);
  });

  it("lets the OTLP receivers leave the cluster only with secure, saying why", () => {
    assert.deepEqual(problemsOf({ externalPorts: "jaeger-query,jaeger-otlp-grpc,jaeger-otlp-http" }), [
      'externalPorts = "jaeger-query,jaeger-otlp-grpc,jaeger-otlp-http" is not allowed with secure = false: jaeger-otlp-grpc and jaeger-otlp-http leave the cluster only ' +
        "through a receiver that asks for TLS and Jaeger's login; expected secure = true, or a list without them",
    ]);
    assert.deepEqual(validateSettings({ externalPorts: "jaeger-otlp-grpc", secure: true }).kubernetes.externalPorts, ["jaeger-otlp-grpc"]);
  });

  it("names the ports that leave the platform, each of which then asks for credentials", () => {
    assert.deepEqual(validateSettings({}).leavingPorts, [], "Docker on 127.0.0.1");
    assert.deepEqual(validateSettings({ bindAddress: "127.0.0.2" }).leavingPorts, [], "any loopback address");
    assert.deepEqual(validateSettings({ bindAddress: "0.0.0.0" }).leavingPorts, ["milvus-grpc", "jaeger-query"], "health, metrics and plaintext OTLP stay on loopback");
    assert.deepEqual(validateSettings({ bindAddress: "0.0.0.0", secure: true }).leavingPorts, ["milvus-grpc", "jaeger-otlp-grpc", "jaeger-otlp-http", "jaeger-query"], "OTLP over TLS leaves");
    assert.deepEqual(validateSettings({ target: "kubernetes", externalPorts: "milvus-grpc" }).leavingPorts, [], "ClusterIP keeps them all inside");
    assert.deepEqual(validateSettings({ target: "kubernetes", serviceType: "NodePort", externalPorts: "jaeger-query" }).leavingPorts, ["jaeger-query"]);
  });

  it("refuses otlpMethod http, saying why: Milvus's Go and C++ exporters read one endpoint two ways", () => {
    const [problem] = problemsOf({ otlpMethod: "http" });
    assert.match(problem ?? "", /^otlpMethod = "http" is not allowed: expected grpc\. /);
    assert.match(problem ?? "", /Go exporter as host:port and to its C\+\+ \(segcore\) exporter as a full URL/);
    assert.equal(validateSettings({ otlpMethod: "grpc" }).tracing.otlpMethod, "grpc");
  });

  it("runs the lab's substitute images in place of the configured ones, and remembers both", () => {
    const settings = validateSettings({ labMilvusImage: "milvus-tracing-lab/milvus:2.3.5" });
    assert.deepEqual(settings.images, { milvus: "milvus-tracing-lab/milvus:2.3.5", jaeger: "jaegertracing/jaeger:2.20.0" });
    assert.deepEqual(settings.configuredImages, { milvus: "milvusdb/milvus:v2.6.15", jaeger: "jaegertracing/jaeger:2.20.0" });
    assert.match(problemsOf({ labJaegerImage: "Not An Image" })[0] ?? "", /^labJaegerImage = "Not An Image" is not allowed/);
  });

  it("lists a bad retainData once, though it governs both services' data", () => {
    assert.deepEqual(problemsOf({ retainData: "maybe" }), ['retainData = "maybe" is not allowed: expected true or false']);
  });

  it("rejects ports out of range and ports used twice", () => {
    assert.deepEqual(problemsOf({ milvusPort: "70000" }), ['milvusPort = "70000" is not allowed: expected a whole number from 1 to 65535']);
    assert.deepEqual(problemsOf({ jaegerUiPort: "0" }), ['jaegerUiPort = "0" is not allowed: expected a whole number from 1 to 65535']);
    assert.deepEqual(problemsOf({ otlpHttpPort: "4317" }), [
      "otlpGrpcPort and otlpHttpPort = 4317 is not allowed: expected a different host port for each",
    ]);
  });

  it("rejects empty or malformed images", () => {
    const [problem] = problemsOf({ milvusImage: "" });
    assert.match(problem ?? "", /^milvusImage = "" is not allowed: expected a non-empty image reference/);
    assert.equal(problemsOf({ jaegerImage: "Jaeger Latest" }).length, 1);
  });

  it("checks addresses, namespaces, quantities and timeouts", () => {
    assert.match(problemsOf({ bindAddress: "localhost:80" })[0] ?? "", /^bindAddress = "localhost:80" is not allowed: expected an IPv4 address/);
    assert.match(problemsOf({ namespace: "Milvus_NS" })[0] ?? "", /^namespace = "Milvus_NS" is not allowed: expected a DNS label/);
    assert.match(problemsOf({ milvusMemoryLimit: "8 gigs" })[0] ?? "", /^milvusMemoryLimit = "8 gigs" is not allowed: expected a size/);
    assert.match(problemsOf({ jaegerCpuLimit: "2Gi" })[0] ?? "", /^jaegerCpuLimit = "2Gi" is not allowed: expected a CPU quantity/);
    assert.match(problemsOf({ initTimeoutSeconds: "2.5" })[0] ?? "", /^initTimeoutSeconds = "2.5" is not allowed: expected a whole number from 1 to 300/);
    assert.match(problemsOf({ traceBatchDelayMs: "50" })[0] ?? "", /^traceBatchDelayMs = "50" is not allowed: expected a whole number from 100 to 60000/);
    assert.equal(validateSettings({ traceBatchDelayMs: "500" }).tracing.batchDelayMs, 500);
    assert.equal(validateSettings({ bindAddress: "0.0.0.0" }).docker.bindAddress, "0.0.0.0");
  });

  it("gives each stack a namespace of its own unless one is set", () => {
    assert.equal(validateSettings({}, "milvus-tracing", new Set(), "prod").kubernetes.namespace, "milvus-tracing-prod");
    assert.equal(validateSettings({ namespace: "" }, "milvus-tracing", new Set(), "staging").kubernetes.namespace, "milvus-tracing-staging");
    assert.equal(validateSettings({ namespace: "search" }, "milvus-tracing", new Set(), "prod").kubernetes.namespace, "search");
  });

  it("creates the namespace unless told the caller's is used, which must then be named", () => {
    assert.equal(validateSettings({}).kubernetes.createNamespace, true);
    assert.equal(validateSettings({ target: "kubernetes", namespace: "search", createNamespace: "false" }).kubernetes.createNamespace, false);
    assert.deepEqual(problemsOf({ target: "kubernetes", createNamespace: false }), [
      "createNamespace = false is not allowed without namespace: expected namespace set to the namespace to deploy into, one the caller creates (before this stack's objects) and keeps",
    ]);
    // Docker has no namespace: the setting is read, and ignored, like the other Kubernetes ones.
    assert.equal(validateSettings({ createNamespace: false }).kubernetes.createNamespace, false);
    assert.match(problemsOf({ createNamespace: "no" })[0] ?? "", /^createNamespace = "no" is not allowed: expected/);
  });

  it("reads otlpClientNamespaces as namespace names", () => {
    assert.deepEqual(validateSettings({ otlpClientNamespaces: "search-app, batch" }).kubernetes.otlpClientNamespaces, ["search-app", "batch"]);
    assert.deepEqual(validateSettings({}).kubernetes.otlpClientNamespaces, []);
    assert.match(problemsOf({ otlpClientNamespaces: "Search_App" })[0] ?? "", /^otlpClientNamespaces = "Search_App" is not allowed: expected a comma-separated list of DNS labels/);
  });

  it("refuses a storage class name Kubernetes would refuse", () => {
    assert.match(problemsOf({ storageClass: "Fast SSD" })[0] ?? "", /^storageClass = "Fast SSD" is not allowed: expected a DNS subdomain/);
    assert.equal(validateSettings({ storageClass: "fast-ssd.example.com" }).kubernetes.storageClass, "fast-ssd.example.com");
    assert.equal(validateSettings({}).kubernetes.storageClass, undefined);
  });

  it("reads adoptObjects as references to objects of the platforms' kinds", () => {
    assert.deepEqual(validateSettings({ adoptObjects: "volume/milvus-tracing-dev-milvus-data, namespace/search" }).adoptObjects, [
      "volume/milvus-tracing-dev-milvus-data",
      "namespace/search",
    ]);
    assert.deepEqual(validateSettings({}).adoptObjects, []);
    assert.match(problemsOf({ adoptObjects: "pod/x" })[0] ?? "", /^adoptObjects = "pod\/x" is not allowed: expected a comma-separated list of kind\/name/);
  });

  it("refuses a request above its limit, memory or CPU, for either service, across units", () => {
    assert.deepEqual(problemsOf({ milvusMemoryRequest: "16Gi", milvusMemoryLimit: "8Gi" }), [
      'milvusMemoryRequest = "16Gi" is not allowed: expected at most milvusMemoryLimit ("8Gi"); a request above its limit is refused by Kubernetes',
    ]);
    assert.deepEqual(problemsOf({ jaegerCpuRequest: "1500m", jaegerCpuLimit: "1" }), [
      'jaegerCpuRequest = "1500m" is not allowed: expected at most jaegerCpuLimit ("1"); a request above its limit is refused by Kubernetes',
    ]);
    assert.equal(problemsOf({ milvusCpuRequest: "3" }).length, 1, "the default milvusCpuLimit is 2");
    assert.equal(problemsOf({ jaegerMemoryLimit: "128Mi" }).length, 1, "a limit below the default request of 256Mi");
    assert.equal(problemsOf({ jaegerMemoryRequest: "1.1G" })[0]?.startsWith("jaegerMemoryRequest"), true, "1.1G is more than 1Gi");
    const equal = validateSettings({ milvusMemoryRequest: "8192Mi", milvusCpuRequest: "2000m", jaegerMemoryRequest: "1G", jaegerCpuRequest: "0.5" });
    assert.equal(equal.resources.milvus?.memoryRequest, "8192Mi");
  });

  it("stores Jaeger's traces with Badger for 72h by default, or in memory", () => {
    assert.deepEqual(validateSettings({}).jaegerStorage, { backend: "badger", retention: "72h", dataSize: "5Gi", retainOnDelete: true });
    const memory = validateSettings({ jaegerStorage: "memory", retainData: "false" }).jaegerStorage;
    assert.equal(memory.backend, "memory");
    assert.equal(memory.retainOnDelete, false, "follows retainData like Milvus's volume");
    assert.deepEqual(problemsOf({ jaegerStorage: "cassandra" }), ['jaegerStorage = "cassandra" is not allowed: expected one of badger | memory']);
  });

  it("takes a retention in whole hours, minutes and seconds from 1m to 8760h", () => {
    for (const good of ["1m", "60s", "90m", "1h30m", "168h", "8760h", " 48h "]) {
      assert.equal(validateSettings({ jaegerRetention: good }).jaegerStorage.retention, good.trim(), good);
    }
    for (const bad of ["", "3 days", "7d", "1.5h", "30s", "8761h", "-1h", "h", "1m1h"]) {
      assert.deepEqual(problemsOf({ jaegerRetention: bad }), [
        `jaegerRetention = ${JSON.stringify(bad)} is not allowed: expected a duration from 1m to 8760h in whole h, m and s, such as "72h" or "1h30m"`,
      ]);
    }
  });

  it("rejects keys the program does not know, such as a typo", () => {
    const [problem] = problemsOf({ sampleFracton: "0.5" });
    assert.match(problem ?? "", /^sampleFracton is not a setting of this program; known settings: target, sampleFraction,/);
  });

  it("reports every problem at once, each prefixed by the config namespace", () => {
    try {
      validateSettings({ target: "nomad", sampleFraction: "2", secure: "maybe" }, "my-project");
      assert.fail("expected a SettingsError");
    } catch (error) {
      assert.ok(error instanceof SettingsError);
      assert.equal(error.problems.length, 3);
      assert.match(error.message, /nothing was deployed/);
      assert.match(error.message, /^ {2}- my-project:target = "nomad"/m);
      assert.match(error.message, /^ {2}- my-project:sampleFraction = "2"/m);
      assert.match(error.message, /^ {2}- my-project:secure = "maybe"/m);
    }
  });
});
