import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { deployWithMocks, type MockedDeployment } from "./testing/mockedDeployment";

const CONTAINER = "docker:index/container:Container";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

interface Upload { file: string; content: unknown }
interface TraceOverlay { trace: { exporter: string; sampleFraction: number; otlp: { endpoint: string; method: string; secure: boolean } } }

const uploads = (d: MockedDeployment, service: string) =>
  d.named(CONTAINER, `milvus-tracing-docker-${service}`).inputs.uploads as Upload[];
const uploaded = (d: MockedDeployment, service: string, path: string): string => {
  const upload = uploads(d, service).find((u) => u.file === path);
  assert.ok(upload, `${service} has no upload at ${path}`);
  return String(upload.content);
};

describe("TracingStack on Docker", () => {
  for (const secure of [false, true]) {
    describe(`secure=${secure}`, () => {
      const deployment = deployWithMocks({ sampleFraction: "0.5", secure: String(secure) });

      it("creates one network, one data volume and two containers", async () => {
        const d = await deployment;
        assert.equal(d.ofType("docker:index/network:Network").length, 1);
        assert.equal(d.ofType("docker:index/volume:Volume").length, 1);
        assert.deepEqual(d.ofType(CONTAINER).map((c) => c.inputs.name), ["milvus-tracing-test-jaeger", "milvus-tracing-test-milvus"]);
        assert.equal(d.ofType("tls:index/privateKey:PrivateKey").length, secure ? 2 : 0);
        assert.equal(d.resources.some((r) => r.type.startsWith("kubernetes:")), false);
      });

      it("publishes every port on 127.0.0.1 only", async () => {
        const d = await deployment;
        const published = d.ofType(CONTAINER).flatMap((c) => c.inputs.ports as { ip: string; internal: number; external: number }[]);
        assert.deepEqual(published.map((p) => p.external).sort(), [16686, 19530, 4317, 4318, 9091]);
        assert.ok(published.every((p) => p.ip === "127.0.0.1"));
      });

      it("uploads a user.yaml overlay with the stack's trace block", async () => {
        const overlay = parse(uploaded(await deployment, "milvus", "/milvus/configs/user.yaml")) as TraceOverlay;
        assert.deepEqual(overlay.trace, {
          exporter: "otlp",
          sampleFraction: 0.5,
          otlp: { endpoint: "jaeger:4317", method: "grpc", secure },
          initTimeoutSeconds: 10,
        });
      });

      it("runs Milvus standalone with embedded etcd, data on the retained volume, waiting for health", async () => {
        const d = await deployment;
        const milvus = d.named(CONTAINER, "milvus-tracing-docker-milvus");
        const envs = milvus.inputs.envs as string[];
        for (const env of ["ETCD_USE_EMBED=true", "ETCD_DATA_DIR=/var/lib/milvus/etcd", "ETCD_CONFIG_PATH=/milvus/configs/embedEtcd.yaml", "COMMON_STORAGETYPE=local"]) {
          assert.ok(envs.includes(env), env);
        }
        for (const variable of ["SSL_CERT_FILE", "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "OTEL_EXPORTER_OTLP_CERTIFICATE"]) {
          assert.equal(envs.includes(`${variable}=/milvus/tls/otlp-ca.pem`), secure, variable);
        }
        assert.deepEqual(milvus.inputs.volumes, [{ containerPath: "/var/lib/milvus", volumeName: "milvus-tracing-test-milvus-data" }]);
        assert.equal(d.named("docker:index/volume:Volume", "milvus-tracing-docker-milvus-data").retainOnDelete, true);
        assert.deepEqual((milvus.inputs.healthcheck as { tests: string[] }).tests, ["CMD", "curl", "-fsS", "http://localhost:9091/healthz"]);
        assert.equal(milvus.inputs.wait, true);
        assert.ok((milvus.inputs.waitTimeout as number) > 120, "waits longer than Milvus's start");
        assert.deepEqual(milvus.inputs.securityOpts, ["seccomp=unconfined"]);
        assert.equal(milvus.inputs.memory, 8192);
        assert.equal(milvus.inputs.memorySwap, 8192, "no swap, and no drift on refresh");
        assert.equal(milvus.inputs.cpus, "2.0");
        assert.equal((milvus.inputs.healthcheck as { startPeriod: string }).startPeriod, "2m0s");
        assert.deepEqual(milvus.inputs.networksAdvanced, [{ name: "milvus-tracing-test", aliases: ["milvus"] }]);
        assert.equal(milvus.deleteBeforeReplace, true);
        assert.ok(uploaded(d, "milvus", "/milvus/configs/embedEtcd.yaml").includes("listen-client-urls"));
      });

      it("starts Milvus only after Jaeger is healthy", async () => {
        const d = await deployment;
        assert.deepEqual(d.named(CONTAINER, "milvus-tracing-docker-milvus").dependsOn, ["milvus-tracing-docker-jaeger"]);
        const jaeger = d.named(CONTAINER, "milvus-tracing-docker-jaeger");
        assert.equal(jaeger.inputs.wait, true);
        assert.deepEqual(jaeger.inputs.networksAdvanced, [{ name: "milvus-tracing-test", aliases: ["jaeger"] }]);
      });

      it(secure ? "gives Jaeger a certificate and Milvus the CA, and exports the CA" : "has no TLS material", async () => {
        const d = await deployment;
        const jaegerConfig = uploaded(d, "jaeger", "/etc/jaeger/config.yaml");
        assert.equal(jaegerConfig.includes("cert_file: /etc/jaeger/tls/server.pem"), secure);
        assert.equal(uploads(d, "jaeger").length, secure ? 3 : 1);
        if (secure) {
          assert.equal(uploaded(d, "jaeger", "/etc/jaeger/tls/server-key.pem"), "mock private key milvus-tracing-otlp-ca-server-key");
          assert.equal(uploaded(d, "milvus", "/milvus/tls/otlp-ca.pem"), "mock certificate milvus-tracing-otlp-ca-ca");
          assert.equal(d.caCertificate, "mock certificate milvus-tracing-otlp-ca-ca");
          const request = d.named("tls:index/certRequest:CertRequest", "milvus-tracing-otlp-ca-server-request");
          assert.ok((request.inputs.dnsNames as string[]).includes("jaeger"));
          assert.deepEqual(request.inputs.ipAddresses, ["127.0.0.1"]);
        } else {
          assert.equal(d.caCertificate, undefined);
        }
      });

      it("outputs addresses reachable from the deployer", async () => {
        const { outputs } = await deployment;
        assert.equal(outputs.target, "docker");
        assert.equal(outputs.milvusAddress, "127.0.0.1:19530");
        assert.equal(outputs.jaegerQueryUrl, "http://127.0.0.1:16686");
        assert.equal(outputs.jaegerUiUrl, "http://127.0.0.1:16686");
        assert.equal(outputs.otlpEndpoint, "127.0.0.1:4317");
        assert.equal(outputs.sampleFraction, 0.5);
        assert.equal(outputs.secure, secure);
        assert.equal((parse(outputs.traceOverlay) as TraceOverlay).trace.sampleFraction, 0.5);
        assert.deepEqual(outputs.images, {
          milvus: { configured: "milvusdb/milvus:v2.6.15", deployed: "milvusdb/milvus:v2.6.15" },
          jaeger: { configured: "jaegertracing/jaeger:2.20.0", deployed: "jaegertracing/jaeger:2.20.0" },
        });
        assert.equal(outputs.kubernetes, undefined);
      });
    });
  }

  it("runs a lab substitute where npm start gave one, and says so in the outputs", async () => {
    const d = await deployWithMocks({ labMilvusImage: "milvus-tracing-lab/milvus:2.3.5" });
    assert.equal(d.named(CONTAINER, "milvus-tracing-docker-milvus").inputs.image, "milvus-tracing-lab/milvus:2.3.5");
    assert.deepEqual(d.outputs.images.milvus, { configured: "milvusdb/milvus:v2.6.15", deployed: "milvus-tracing-lab/milvus:2.3.5" });
  });

  it("binds every interface only when asked, still outputting a loopback address", async () => {
    const d = await deployWithMocks({ bindAddress: "0.0.0.0", milvusPort: "29530" });
    const published = d.ofType(CONTAINER).flatMap((c) => c.inputs.ports as { ip: string }[]);
    assert.ok(published.every((p) => p.ip === "0.0.0.0"));
    assert.equal(d.outputs.milvusAddress, "127.0.0.1:29530");
  });

  it("uses a certificate the stack supplies instead of generating one", async () => {
    const supplied = { certPem: "own cert", keyPem: "own key", caPem: "own ca" };
    const d = await deployWithMocks({ secure: "true" }, { certPem: pulumi.output(supplied.certPem), keyPem: pulumi.secret(supplied.keyPem), caPem: pulumi.output(supplied.caPem) });
    assert.equal(d.ofType("tls:index/privateKey:PrivateKey").length, 0);
    assert.equal(uploaded(d, "milvus", "/milvus/tls/otlp-ca.pem"), "own ca");
    assert.equal(uploaded(d, "jaeger", "/etc/jaeger/tls/server-key.pem"), "own key");
    assert.equal(d.caCertificate, "own ca");
  });
});

describe("TracingStack on Kubernetes", () => {
  for (const secure of [false, true]) {
    describe(`secure=${secure}`, () => {
      const deployment = deployWithMocks({ target: "kubernetes", sampleFraction: "0.1", secure: String(secure), storageClass: "fast" });

      it("creates a namespace, config, claims, Deployments and Services", async () => {
        const d = await deployment;
        const count = (type: string) => d.ofType(type).length;
        assert.equal(count("pulumi:providers:kubernetes"), 1);
        assert.equal(count("kubernetes:core/v1:Namespace"), 1);
        assert.equal(count(CONFIG_MAP), 2);
        assert.equal(count("kubernetes:core/v1:Secret"), secure ? 1 : 0);
        assert.equal(count("kubernetes:core/v1:PersistentVolumeClaim"), 1);
        assert.equal(count(DEPLOYMENT), 2);
        assert.equal(count("kubernetes:core/v1:Service"), 2);
        assert.equal(d.resources.some((r) => r.type.startsWith("docker:")), false);
      });

      it("mounts the trace overlay from the ConfigMap at /milvus/configs/user.yaml", async () => {
        const d = await deployment;
        const data = d.named(CONFIG_MAP, "milvus-tracing-kubernetes-milvus-config").inputs.data as Record<string, string>;
        const overlay = parse(data["milvus-configs-user.yaml"] ?? "") as TraceOverlay;
        assert.equal(overlay.trace.sampleFraction, 0.1);
        assert.equal(overlay.trace.otlp.secure, secure);
        assert.equal(overlay.trace.otlp.endpoint, "jaeger:4317");
        const container = podSpec(d, "milvus").containers[0];
        assert.ok(container);
        assert.deepEqual(container.volumeMounts.find((m) => m.mountPath === "/milvus/configs/user.yaml"), {
          name: "config",
          mountPath: "/milvus/configs/user.yaml",
          subPath: "milvus-configs-user.yaml",
          readOnly: true,
        });
        assert.ok(container.volumeMounts.some((m) => m.mountPath === "/var/lib/milvus" && m.name === "data"));
      });

      it("probes /healthz for readiness and TCP for liveness, recreating one replica", async () => {
        const d = await deployment;
        const spec = deploymentSpec(d, "milvus");
        assert.deepEqual(spec.strategy, { type: "Recreate" });
        assert.equal(spec.template.spec.enableServiceLinks, false);
        const container = spec.template.spec.containers[0];
        assert.ok(container);
        assert.deepEqual(container.readinessProbe.httpGet, { path: "/healthz", port: 9091 });
        assert.deepEqual(container.livenessProbe.tcpSocket, { port: 9091 });
        assert.deepEqual(container.securityContext, { seccompProfile: { type: "Unconfined" } });
        assert.ok(container.env.some((e) => e.name === "ETCD_USE_EMBED" && e.value === "true"));
        assert.equal(container.env.some((e) => e.name === "SSL_CERT_FILE"), secure);
        assert.deepEqual(podSpec(d, "jaeger").containers[0]?.readinessProbe.httpGet, { path: "/status", port: 13133 });
      });

      it("starts Milvus after Jaeger, keeps the claim on delete, honours the storage class", async () => {
        const d = await deployment;
        assert.deepEqual(d.named(DEPLOYMENT, "milvus-tracing-kubernetes-milvus").dependsOn, ["milvus-tracing-kubernetes-jaeger"]);
        const claim = d.named("kubernetes:core/v1:PersistentVolumeClaim", "milvus-tracing-kubernetes-milvus-data");
        assert.equal(claim.retainOnDelete, true);
        assert.equal((claim.inputs.spec as { storageClassName: string }).storageClassName, "fast");
      });

      it("exposes ClusterIP Services and outputs what verify needs to reach them", async () => {
        const d = await deployment;
        const service = d.named("kubernetes:core/v1:Service", "milvus-tracing-kubernetes-milvus").inputs.spec as { type: string; ports: { port: number }[] };
        assert.equal(service.type, "ClusterIP");
        assert.deepEqual(service.ports.map((p) => p.port), [19530, 9091]);
        assert.deepEqual(d.outputs.kubernetes, {
          namespace: "milvus-tracing",
          milvusService: "milvus",
          jaegerService: "jaeger",
          ports: { milvusGrpc: 19530, jaegerQuery: 16686, otlpGrpc: 4317 },
        });
        assert.equal(d.outputs.milvusAddress, "milvus.milvus-tracing.svc.cluster.local:19530");
      });

      if (secure) {
        it("keeps Jaeger's private key in a Secret, not the ConfigMap", async () => {
          const d = await deployment;
          const secret = d.ofType("kubernetes:core/v1:Secret")[0];
          const stringData = secret?.inputs.stringData as Record<string, unknown>;
          assert.equal(stringData["etc-jaeger-tls-server-key.pem"], "mock private key milvus-tracing-otlp-ca-server-key");
          const configData = d.named(CONFIG_MAP, "milvus-tracing-kubernetes-jaeger-config").inputs.data as Record<string, string>;
          assert.equal(Object.values(configData).some((v) => v.includes("private key")), false);
        });
      }
    });
  }

  it("rolls the Milvus pod when sampleFraction changes, and only then", async () => {
    const checksum = async (sampleFraction: string) =>
      deploymentSpec(await deployWithMocks({ target: "kubernetes", sampleFraction }), "milvus").template.metadata.annotations["checksum/config"];
    const [a, b, c] = [await checksum("0.1"), await checksum("0.1"), await checksum("0.2")];
    assert.match(a ?? "", /^[0-9a-f]{64}$/);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});

interface Container {
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  readinessProbe: { httpGet: unknown };
  livenessProbe: { tcpSocket: unknown };
  securityContext: unknown;
}
interface DeploymentSpec {
  strategy: unknown;
  template: { metadata: { annotations: Record<string, string> }; spec: { enableServiceLinks: boolean; containers: Container[] } };
}
function deploymentSpec(d: MockedDeployment, service: string): DeploymentSpec {
  return d.named(DEPLOYMENT, `milvus-tracing-kubernetes-${service}`).inputs.spec as DeploymentSpec;
}
function podSpec(d: MockedDeployment, service: string) {
  return deploymentSpec(d, service).template.spec;
}
