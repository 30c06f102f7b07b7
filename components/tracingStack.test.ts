import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { htpasswdSha } from "./credentials/htpasswd";
import { deployWithMocks, MOCK_LOAD_BALANCER_ADDRESS, MOCK_NODE_ADDRESS, type MockedDeployment } from "./testing/mockedDeployment";

const CONTAINER = "docker:index/container:Container";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SERVICE = "kubernetes:core/v1:Service";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const SECRET = "kubernetes:core/v1:Secret";
/** What the mocks' stack (project milvus-tracing, stack test) labels its objects with. */
const OWNER_LABELS = { "app.kubernetes.io/managed-by": "pulumi", "milvus-tracing/stack": "milvus-tracing.test" };
const pick = (labels: Record<string, string>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in labels).map((k) => [k, labels[k]]));

interface Upload { file: string; content: unknown }
interface JaegerYaml {
  service: { extensions: string[] };
  extensions: { "basicauth/login"?: { htpasswd: { inline: string } }; jaeger_query?: { http: { auth?: unknown }; grpc: { auth?: unknown } } };
}
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

      it("creates one network, a data volume each for Milvus and Jaeger, and two containers", async () => {
        const d = await deployment;
        assert.equal(d.ofType("docker:index/network:Network").length, 1);
        assert.deepEqual(d.ofType("docker:index/volume:Volume").map((v) => v.inputs.name).sort(), ["milvus-tracing-test-jaeger-data", "milvus-tracing-test-milvus-data"]);
        assert.deepEqual(d.ofType(CONTAINER).map((c) => c.inputs.name).sort(), ["milvus-tracing-test-jaeger", "milvus-tracing-test-milvus"]);
        assert.equal(d.ofType("tls:index/privateKey:PrivateKey").length, secure ? 2 : 0);
        assert.equal(d.resources.some((r) => r.type.startsWith("kubernetes:")), false);
      });

      it("labels the network, both containers and both volumes with the stack that owns them", async () => {
        const d = await deployment;
        const expected = Object.entries(OWNER_LABELS).map(([label, value]) => ({ label, value }));
        for (const type of ["docker:index/network:Network", CONTAINER, "docker:index/volume:Volume"]) {
          for (const object of d.ofType(type)) assert.deepEqual(object.inputs.labels, expected, object.name);
        }
      });

      it("publishes every port on 127.0.0.1 only", async () => {
        const d = await deployment;
        const published = d.ofType(CONTAINER).flatMap((c) => c.inputs.ports as { ip: string; internal: number; external: number }[]);
        assert.deepEqual(published.map((p) => p.external).sort(), [16686, 19530, 4317, 4318, 8888, 9091]);
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
        assert.deepEqual((milvus.inputs.healthcheck as { tests: string[] }).tests, ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9091/healthz"]);
        assert.equal(milvus.inputs.wait, true);
        assert.ok((milvus.inputs.waitTimeout as number) > 120, "waits longer than Milvus's start");
        assert.deepEqual(milvus.inputs.securityOpts, ["seccomp=unconfined"]);
        assert.equal(milvus.inputs.memory, 8192);
        assert.equal(milvus.inputs.memorySwap, 8192, "no swap, and no drift on refresh");
        assert.equal(milvus.inputs.cpus, "2.0");
        assert.equal((milvus.inputs.healthcheck as { startPeriod: string }).startPeriod, "5m0s");
        assert.deepEqual(milvus.inputs.networksAdvanced, [{ name: "milvus-tracing-test", aliases: ["milvus"] }]);
        assert.equal(milvus.deleteBeforeReplace, true);
        assert.ok(uploaded(d, "milvus", "/milvus/configs/embedEtcd.yaml").includes("listen-client-urls"));
      });

      it("starts Milvus and Jaeger side by side, each waited for until healthy", async () => {
        const d = await deployment;
        assert.deepEqual(d.named(CONTAINER, "milvus-tracing-docker-milvus").dependsOn, []);
        assert.equal(d.named(CONTAINER, "milvus-tracing-docker-milvus").inputs.wait, true);
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
        const scheme = secure ? "https" : "http";
        assert.deepEqual(outputs.applicationOtlp, {
          grpc: { inPlatform: "jaeger:4317", published: "127.0.0.1:4317" },
          http: { inPlatform: `${scheme}://jaeger:4318`, published: `${scheme}://127.0.0.1:4318` },
        });
        assert.equal(outputs.sampleFraction, 0.5);
        assert.equal(outputs.forwardMode, undefined, "the spans stay in the stack's Jaeger");
        assert.equal(outputs.secure, secure);
        assert.equal((parse(outputs.traceOverlay) as TraceOverlay).trace.sampleFraction, 0.5);
        assert.deepEqual(outputs.images, {
          milvus: { configured: "milvusdb/milvus:v2.6.15", deployed: "milvusdb/milvus:v2.6.15" },
          jaeger: { configured: "jaegertracing/jaeger:2.20.0", deployed: "jaegertracing/jaeger:2.20.0" },
        });
        assert.equal(outputs.kubernetes, undefined);
      });

      it("outputs the services Milvus's spans carry: the role its container runs, and segcore", async () => {
        const d = await deployment;
        assert.deepEqual(d.outputs.milvusSpanServices, { server: "standalone", engine: "segcore" });
        assert.deepEqual(d.named(CONTAINER, "milvus-tracing-docker-milvus").inputs.command, ["milvus", "run", d.outputs.milvusSpanServices.server]);
      });
    });
  }

  it("keeps Jaeger's traces in Badger on a retained volume over the image's /tmp, or in memory when asked", async () => {
    const d = await deployWithMocks({ jaegerRetention: "48h" });
    const jaeger = d.named(CONTAINER, "milvus-tracing-docker-jaeger");
    assert.deepEqual(jaeger.inputs.volumes, [{ containerPath: "/tmp", volumeName: "milvus-tracing-test-jaeger-data" }]);
    assert.equal(d.named("docker:index/volume:Volume", "milvus-tracing-docker-jaeger-data").retainOnDelete, true);
    assert.match(uploaded(d, "jaeger", "/etc/jaeger/config.yaml"), /badger:[\s\S]*keys: \/tmp\/jaeger\/keys[\s\S]*spans: 48h/);

    const dropped = await deployWithMocks({ retainData: "false" });
    assert.equal(dropped.named("docker:index/volume:Volume", "milvus-tracing-docker-jaeger-data").retainOnDelete, false);

    const memory = await deployWithMocks({ jaegerStorage: "memory" });
    assert.deepEqual(memory.ofType("docker:index/volume:Volume").map((v) => v.inputs.name), ["milvus-tracing-test-milvus-data"]);
    assert.deepEqual(memory.named(CONTAINER, "milvus-tracing-docker-jaeger").inputs.volumes, []);
    assert.match(uploaded(memory, "jaeger", "/etc/jaeger/config.yaml"), /max_traces: 100000/);
  });

  it("runs a lab substitute where npm start gave one, and says so in the outputs", async () => {
    const d = await deployWithMocks({ labMilvusImage: "milvus-tracing-lab/milvus:2.3.5" });
    assert.equal(d.named(CONTAINER, "milvus-tracing-docker-milvus").inputs.image, "milvus-tracing-lab/milvus:2.3.5");
    assert.deepEqual(d.outputs.images.milvus, { configured: "milvusdb/milvus:v2.6.15", deployed: "milvus-tracing-lab/milvus:2.3.5" });
  });

  it("binds every interface only when asked, still outputting a loopback address; health, metrics and OTLP stay on loopback", async () => {
    const d = await deployWithMocks({ bindAddress: "0.0.0.0", milvusPort: "29530" });
    const published = d.ofType(CONTAINER).flatMap((c) => (c.inputs.ports as { internal: number; ip: string }[]).map((p) => `${p.internal}@${p.ip}`));
    assert.deepEqual(published.sort(), ["16686@0.0.0.0", "19530@0.0.0.0", "4317@127.0.0.1", "4318@127.0.0.1", "8888@127.0.0.1", "9091@127.0.0.1"]);
    assert.equal(d.outputs.milvusAddress, "127.0.0.1:29530");
  });

  it("beyond loopback with secure, publishes OTLP from Jaeger's outside receivers, which ask for TLS and the login", async () => {
    const d = await deployWithMocks({ bindAddress: "0.0.0.0", secure: "true" });
    const published = (d.named(CONTAINER, "milvus-tracing-docker-jaeger").inputs.ports as { internal: number; external: number; ip: string }[]).map((p) => `${p.external}->${p.internal}@${p.ip}`);
    assert.deepEqual(published.sort(), ["16686->16686@0.0.0.0", "4317->4319@0.0.0.0", "4318->4320@0.0.0.0", "8888->8888@127.0.0.1"]);
    assert.equal(d.outputs.otlpEndpoint, "127.0.0.1:4317");
    const config = parse(uploaded(d, "jaeger", "/etc/jaeger/config.yaml")) as { receivers: Record<string, { protocols: Record<string, { endpoint: string }> }> };
    assert.deepEqual(Object.values(config.receivers["otlp/outside"]?.protocols ?? {}).map((p) => p.endpoint), ["0.0.0.0:4319", "0.0.0.0:4320"]);
  });

  it("asks for no login while everything stays on loopback", async () => {
    const d = await deployWithMocks({});
    assert.equal(d.credentials, undefined);
    assert.equal(d.ofType(DYNAMIC).length, 0);
    assert.equal((parse(uploaded(d, "milvus", "/milvus/configs/user.yaml")) as { common?: unknown }).common, undefined);
    assert.equal((parse(uploaded(d, "jaeger", "/etc/jaeger/config.yaml")) as JaegerYaml).extensions["basicauth/login"], undefined);
  });

  it("beyond loopback, turns on Milvus authorization and Jaeger's query login with generated passwords, kept secret", async () => {
    const d = await deployWithMocks({ bindAddress: "0.0.0.0", milvusPort: "29530" });
    assert.deepEqual(d.credentials, {
      secret: true,
      value: {
        milvus: { username: "root", password: "mock password milvus-tracing-milvus-password" },
        jaeger: { username: "jaeger", password: "mock password milvus-tracing-jaeger-password" },
      },
    });
    const userYaml = parse(uploaded(d, "milvus", "/milvus/configs/user.yaml")) as { common: { security: Record<string, unknown> } };
    assert.deepEqual(userYaml.common.security, { authorizationEnabled: true, defaultRootPassword: "mock password milvus-tracing-milvus-password" });
    const jaeger = parse(uploaded(d, "jaeger", "/etc/jaeger/config.yaml")) as JaegerYaml;
    assert.equal(jaeger.extensions["basicauth/login"]?.htpasswd.inline, `jaeger:${htpasswdSha("mock password milvus-tracing-jaeger-password")}`);
    assert.deepEqual(jaeger.extensions.jaeger_query?.http.auth, { authenticator: "basicauth/login" });
    assert.ok(jaeger.service.extensions.includes("basicauth/login"));
    // Neither file is in plain text in the state; neither password is in the containers' environment.
    for (const service of ["milvus", "jaeger"]) {
      const container = d.named(CONTAINER, `milvus-tracing-docker-${service}`);
      // An array with a secret in it reaches the engine as a secret whole.
      assert.ok(container.secretInputs.includes("uploads"), `${service}'s config is a secret input`);
      assert.doesNotMatch(JSON.stringify(container.inputs.envs), /mock password/);
    }
    const root = d.named(DYNAMIC, "milvus-tracing-milvus-root");
    assert.equal(root.inputs.address, "127.0.0.1:29530", "the root password is set through the port the deployer reaches");
    assert.ok(root.secretInputs.includes("password"));
    assert.ok(root.dependsOn.includes("milvus-tracing-docker"), "once the platform's containers are healthy");
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
        assert.equal(count("kubernetes:core/v1:PersistentVolumeClaim"), 2);
        assert.equal(count(DEPLOYMENT), 2);
        assert.equal(count(SERVICE), 2);
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

      it("probes /healthz for start, readiness and liveness, recreating one replica that never pulls", async () => {
        const d = await deployment;
        const spec = deploymentSpec(d, "milvus");
        assert.deepEqual(spec.strategy, { type: "Recreate" });
        assert.equal(spec.template.spec.enableServiceLinks, false);
        const container = spec.template.spec.containers[0];
        assert.ok(container);
        for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
          assert.deepEqual(probe.httpGet, { path: "/healthz", port: 9091 });
        }
        assert.equal(container.imagePullPolicy, "IfNotPresent");
        assert.equal(container.securityContext, undefined, "an explicit Unconfined seccomp profile is refused by Pod Security baseline");
        assert.ok(container.env.some((e) => e.name === "ETCD_USE_EMBED" && e.value === "true"));
        assert.equal(container.env.some((e) => e.name === "SSL_CERT_FILE"), secure);
        assert.deepEqual(podSpec(d, "jaeger").containers[0]?.readinessProbe.httpGet, { path: "/status", port: 13133 });
      });

      it("starts Milvus beside Jaeger, keeps the claim and its namespace on delete, honours the storage class", async () => {
        const d = await deployment;
        assert.deepEqual(d.named(DEPLOYMENT, "milvus-tracing-kubernetes-milvus").dependsOn, []);
        const claim = d.named("kubernetes:core/v1:PersistentVolumeClaim", "milvus-tracing-kubernetes-milvus-data");
        assert.equal(claim.retainOnDelete, true);
        assert.equal((claim.inputs.metadata as { name: string }).name, "milvus-data", "a fixed name, found again after a destroy");
        assert.equal((claim.inputs.spec as { storageClassName: string }).storageClassName, "fast");
        assert.equal(d.named(NAMESPACE, "milvus-tracing-kubernetes-namespace").retainOnDelete, true, "deleting a namespace deletes its claims");
      });

      it("enforces Pod Security baseline on a namespace of the stack's own, labelled as its", async () => {
        const namespace = (await deployment).named(NAMESPACE, "milvus-tracing-kubernetes-namespace");
        assert.deepEqual(namespace.inputs.metadata, {
          name: "milvus-tracing-test",
          labels: { ...OWNER_LABELS, "pod-security.kubernetes.io/enforce": "baseline" },
        });
      });

      it("labels every object and pod with the stack that owns it, and keeps the owner out of selectors", async () => {
        const d = await deployment;
        const kubernetesObjects = d.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== NAMESPACE);
        assert.equal(kubernetesObjects.length, secure ? 11 : 10);
        for (const object of kubernetesObjects) {
          const labels = (object.inputs.metadata as { labels?: Record<string, string> }).labels ?? {};
          assert.deepEqual(pick(labels, Object.keys(OWNER_LABELS)), OWNER_LABELS, object.name);
        }
        for (const service of ["milvus", "jaeger"]) {
          const spec = deploymentSpec(d, service);
          assert.deepEqual(pick(spec.template.metadata.labels, Object.keys(OWNER_LABELS)), OWNER_LABELS);
          assert.deepEqual(spec.selector.matchLabels, { "app.kubernetes.io/name": service, "app.kubernetes.io/part-of": "milvus-tracing" });
        }
      });

      it("replaces fixed-name objects by deleting first, and lets Pulumi name config so versions never collide", async () => {
        const d = await deployment;
        for (const type of [DEPLOYMENT, SERVICE]) assert.ok(d.ofType(type).every((r) => r.deleteBeforeReplace), type);
        for (const config of d.ofType(CONFIG_MAP)) assert.equal((config.inputs.metadata as { name?: string }).name, undefined);
      });

      it("keeps every Service ClusterIP and outputs what verify forwards to", async () => {
        const d = await deployment;
        const service = d.named(SERVICE, "milvus-tracing-kubernetes-milvus").inputs.spec as { type: string; ports: { port: number }[] };
        assert.equal(service.type, "ClusterIP");
        assert.deepEqual(service.ports.map((p) => p.port), [19530, 9091]);
        assert.deepEqual(d.outputs.kubernetes, {
          namespace: "milvus-tracing-test",
          portForwards: {
            milvusAddress: { service: "milvus", port: 19530 },
            jaegerQueryUrl: { service: "jaeger", port: 16686 },
            otlpEndpoint: { service: "jaeger", port: 4317 },
            jaegerMetricsUrl: { service: "jaeger", port: 8888 },
          },
        });
        assert.equal(d.outputs.milvusAddress, "milvus.milvus-tracing-test.svc.cluster.local:19530");
        assert.equal(d.outputs.jaegerQueryUrl, "http://jaeger.milvus-tracing-test.svc.cluster.local:16686");
      });

      it("outputs the services Milvus's spans carry, as on Docker", async () => {
        const d = await deployment;
        assert.deepEqual(d.outputs.milvusSpanServices, { server: "standalone", engine: "segcore" });
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

  it("lets the Deployments' wait stand for their Services' and claims', except a load balancer's, whose address comes with its own", async () => {
    const skipsAwait = (d: MockedDeployment, type: string) =>
      Object.fromEntries(d.ofType(type).map((r) => [r.name, (r.inputs.metadata as { annotations?: Record<string, string> }).annotations?.["pulumi.com/skipAwait"]]));
    const nodePort = await deployWithMocks({ target: "kubernetes", serviceType: "NodePort" });
    assert.deepEqual(skipsAwait(nodePort, SERVICE), {
      "milvus-tracing-kubernetes-jaeger": "true",
      "milvus-tracing-kubernetes-jaeger-external": "true",
      "milvus-tracing-kubernetes-milvus": "true",
      "milvus-tracing-kubernetes-milvus-external": "true",
    });
    assert.deepEqual(skipsAwait(nodePort, "kubernetes:core/v1:PersistentVolumeClaim"), { "milvus-tracing-kubernetes-jaeger-data": "true", "milvus-tracing-kubernetes-milvus-data": "true" });
    assert.deepEqual(skipsAwait(nodePort, DEPLOYMENT), { "milvus-tracing-kubernetes-jaeger": undefined, "milvus-tracing-kubernetes-milvus": undefined });
    const loadBalancer = await deployWithMocks({ target: "kubernetes", serviceType: "LoadBalancer" });
    assert.equal(skipsAwait(loadBalancer, SERVICE)["milvus-tracing-kubernetes-milvus-external"], undefined);
    assert.equal(skipsAwait(loadBalancer, SERVICE)["milvus-tracing-kubernetes-milvus"], "true");
    assert.equal(loadBalancer.outputs.milvusAddress, `${MOCK_LOAD_BALANCER_ADDRESS}:19530`);
  });

  it("with NodePort, puts only the chosen ports on a second Service and outputs the node's addresses", async () => {
    const d = await deployWithMocks({ target: "kubernetes", serviceType: "NodePort", externalPorts: "milvus-grpc" });
    const spec = (name: string) => d.named(SERVICE, name).inputs.spec as { type: string; ports: { name: string }[] };
    assert.equal(spec("milvus-tracing-kubernetes-milvus").type, "ClusterIP");
    assert.equal(spec("milvus-tracing-kubernetes-milvus-external").type, "NodePort");
    assert.deepEqual(spec("milvus-tracing-kubernetes-milvus-external").ports, [{ name: "grpc", port: 19530, targetPort: "grpc" }]);
    assert.equal(d.resources.some((r) => r.name === "milvus-tracing-kubernetes-jaeger-external"), false);
    assert.equal(d.outputs.milvusAddress, `${MOCK_NODE_ADDRESS}:30000`);
    assert.deepEqual(d.outputs.kubernetes?.portForwards, {
      jaegerQueryUrl: { service: "jaeger", port: 16686 },
      otlpEndpoint: { service: "jaeger", port: 4317 },
      jaegerMetricsUrl: { service: "jaeger", port: 8888 },
    });
    assert.deepEqual(Object.keys(d.credentials?.value ?? {}), ["milvus"], "only Milvus left the cluster, so only it asks for a login");
    assert.equal(d.named(DYNAMIC, "milvus-tracing-milvus-root").inputs.address, `${MOCK_NODE_ADDRESS}:30000`);
  });

  it("lets OTLP leave over TLS only through Jaeger's outside receiver, which asks for the login, on a certificate for the node", async () => {
    const d = await deployWithMocks({ target: "kubernetes", serviceType: "NodePort", secure: "true", externalPorts: "jaeger-otlp-grpc" });
    const external = d.named(SERVICE, "milvus-tracing-kubernetes-jaeger-external").inputs.spec as { ports: unknown[] };
    assert.deepEqual(external.ports, [{ name: "otlp-grpc", port: 4317, targetPort: "otlp-grpc-out" }]);
    const container = podSpec(d, "jaeger").containers[0];
    assert.deepEqual(container?.ports.map((p) => `${p.name}:${p.containerPort}`), ["otlp-grpc:4317", "otlp-http:4318", "query:16686", "health:13133", "metrics:8888", "otlp-grpc-out:4319"]);
    const policy = d.named("kubernetes:networking.k8s.io/v1:NetworkPolicy", "milvus-tracing-kubernetes-jaeger-ingress").inputs.spec as { ingress: { ports: { port: string }[]; from?: unknown[] }[] };
    assert.deepEqual(policy.ingress[0], { ports: [{ port: "query", protocol: "TCP" }, { port: "otlp-grpc-out", protocol: "TCP" }] }, "open to all: its clients are outside");
    const config = parse(Object.values(d.named(SECRET, "milvus-tracing-kubernetes-jaeger-secret").inputs.stringData as Record<string, string>).find((v) => v.includes("receivers")) ?? "") as {
      receivers: Record<string, { protocols: Record<string, { endpoint: string; tls?: unknown; auth?: unknown }> }>;
      service: { pipelines: { traces: { receivers: string[] } } };
    };
    assert.deepEqual(config.service.pipelines.traces.receivers, ["otlp", "otlp/outside"]);
    assert.deepEqual(Object.keys(config.receivers["otlp/outside"]?.protocols ?? {}), ["grpc"]);
    const outside = config.receivers["otlp/outside"]?.protocols.grpc;
    assert.ok(outside);
    assert.equal(outside.endpoint, "0.0.0.0:4319");
    assert.ok(outside.tls, "TLS");
    assert.deepEqual(outside.auth, { authenticator: "basicauth/login" });
    assert.equal(config.receivers.otlp?.protocols.grpc?.auth, undefined, "Milvus keeps the inside receiver, with no login");
    assert.equal(d.outputs.otlpEndpoint, `${MOCK_NODE_ADDRESS}:30000`);
    assert.equal(d.outputs.applicationOtlp?.grpc.published, `${MOCK_NODE_ADDRESS}:30000`, "outside the cluster, the listener that asks for TLS and the login");
    const request = d.ofType("tls:index/certRequest:CertRequest")[0];
    assert.deepEqual(request?.inputs.ipAddresses, ["127.0.0.1", MOCK_NODE_ADDRESS], "the server certificate names the node");
  });

  it("keeps the configs that hold a password or its hash in Secrets, not ConfigMaps", async () => {
    const d = await deployWithMocks({ target: "kubernetes", serviceType: "NodePort" });
    const stringData = (service: string) => d.named(SECRET, `milvus-tracing-kubernetes-${service}-secret`).inputs.stringData as Record<string, string>;
    assert.match(Object.values(stringData("milvus")).join(), /defaultRootPassword: mock password milvus-tracing-milvus-password/);
    assert.match(Object.values(stringData("jaeger")).join(), /basicauth\/login/);
    for (const configMap of d.ofType(CONFIG_MAP)) assert.doesNotMatch(JSON.stringify(configMap.inputs.data), /mock password|basicauth|SHA/);
  });

  it("admits to Milvus's metrics only the stack's namespace, and to Jaeger's OTLP only Milvus and the namespaces the stack names", async () => {
    const d = await deployWithMocks({ target: "kubernetes", otlpClientNamespaces: "search-app, batch" });
    const ingress = (service: string) => {
      const policy = d.named("kubernetes:networking.k8s.io/v1:NetworkPolicy", `milvus-tracing-kubernetes-${service}-ingress`);
      const spec = policy.inputs.spec as { podSelector: unknown; policyTypes: string[]; ingress: { ports: { port: string }[]; from?: unknown[] }[] };
      assert.deepEqual(spec.podSelector, { matchLabels: { "app.kubernetes.io/name": service, "app.kubernetes.io/part-of": "milvus-tracing" } });
      assert.deepEqual(spec.policyTypes, ["Ingress"]);
      return spec.ingress.map((rule) => ({ ports: rule.ports.map((p) => p.port), from: rule.from }));
    };
    assert.deepEqual(ingress("milvus"), [
      { ports: ["grpc"], from: undefined },
      { ports: ["health"], from: [{ podSelector: {} }] },
    ]);
    assert.deepEqual(ingress("jaeger"), [
      { ports: ["query"], from: undefined },
      { ports: ["health", "metrics"], from: [{ podSelector: {} }] },
      {
        ports: ["otlp-grpc", "otlp-http"],
        from: [
          { podSelector: { matchLabels: { "app.kubernetes.io/name": "milvus", "app.kubernetes.io/part-of": "milvus-tracing" } } },
          { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["search-app", "batch"] }] } },
        ],
      },
    ]);
  });

  it("with NodePort and the default choice, publishes Milvus gRPC and Jaeger's UI only; OTLP and metrics stay inside", async () => {
    const d = await deployWithMocks({ target: "kubernetes", serviceType: "NodePort" });
    const external = d.ofType(SERVICE).filter((s) => (s.inputs.spec as { type: string }).type !== "ClusterIP");
    assert.deepEqual(external.flatMap((s) => (s.inputs.spec as { ports: { name: string }[] }).ports.map((p) => `${s.name}/${p.name}`)).sort(), [
      "milvus-tracing-kubernetes-jaeger-external/query",
      "milvus-tracing-kubernetes-milvus-external/grpc",
    ]);
    assert.deepEqual(d.outputs.kubernetes?.portForwards, { otlpEndpoint: { service: "jaeger", port: 4317 }, jaegerMetricsUrl: { service: "jaeger", port: 8888 } });
    assert.deepEqual(d.outputs.applicationOtlp, {
      grpc: { inPlatform: "jaeger.milvus-tracing-test.svc.cluster.local:4317" },
      http: { inPlatform: "http://jaeger.milvus-tracing-test.svc.cluster.local:4318" },
    }, "pods reach the receivers by the cluster's DNS name; nothing is published");
  });

  it("lets the namespace go on destroy when the data is not kept, and outputs the stack's kubeconfig and context", async () => {
    const d = await deployWithMocks({ target: "kubernetes", retainData: "false", kubeconfig: "/etc/lab/kubeconfig", kubeContext: "lab" });
    assert.equal(d.named(NAMESPACE, "milvus-tracing-kubernetes-namespace").retainOnDelete, false);
    assert.equal(d.outputs.kubernetes?.kubeconfig, "/etc/lab/kubeconfig");
    assert.equal(d.outputs.kubernetes.context, "lab");
  });

  it("gives Jaeger a retained claim at /tmp, writable for its uid 10001 through the pod's fsGroup", async () => {
    const d = await deployWithMocks({ target: "kubernetes", jaegerDataSize: "2Gi" });
    const claim = d.named("kubernetes:core/v1:PersistentVolumeClaim", "milvus-tracing-kubernetes-jaeger-data");
    assert.equal(claim.retainOnDelete, true);
    assert.deepEqual((claim.inputs.spec as { resources: unknown }).resources, { requests: { storage: "2Gi" } });
    const jaeger = podSpec(d, "jaeger");
    assert.deepEqual(jaeger.securityContext, { fsGroup: 10001, fsGroupChangePolicy: "OnRootMismatch" });
    assert.ok(jaeger.containers[0]?.volumeMounts.some((m) => m.mountPath === "/tmp" && m.name === "data"));
    assert.equal(podSpec(d, "milvus").securityContext, undefined, "Milvus runs as root and needs no fsGroup");
  });

  it("rolls the Milvus pod when sampleFraction changes, and only then", async () => {
    const checksum = async (sampleFraction: string) =>
      deploymentSpec(await deployWithMocks({ target: "kubernetes", sampleFraction }), "milvus").template.metadata.annotations["checksum/config"];
    const [a, b, c] = [await checksum("0.1"), await checksum("0.1"), await checksum("0.2")];
    assert.match(a ?? "", /^[0-9a-f]{64}$/);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});

interface Probe {
  httpGet: unknown;
}
interface Container {
  env: { name: string; value: string }[];
  ports: { name: string; containerPort: number }[];
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  imagePullPolicy: string;
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  securityContext: unknown;
}
interface DeploymentSpec {
  strategy: unknown;
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { annotations: Record<string, string>; labels: Record<string, string> }; spec: { enableServiceLinks: boolean; securityContext?: unknown; containers: Container[] } };
}
function deploymentSpec(d: MockedDeployment, service: string): DeploymentSpec {
  return d.named(DEPLOYMENT, `milvus-tracing-kubernetes-${service}`).inputs.spec as DeploymentSpec;
}
function podSpec(d: MockedDeployment, service: string) {
  return deploymentSpec(d, service).template.spec;
}
