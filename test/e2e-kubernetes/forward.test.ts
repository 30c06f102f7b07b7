import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { forwardKubernetesPorts } from "../../verify/kubernetesPortForward";
import { ThrowawayStack } from "../e2e/pulumiStack";
import { assertNoTeamSecretIn, CONTAINER_BACKEND_FILES, forwardedChecks, newTeamLogin, writeContainerBackend } from "../teamBackend";
import { kubectl, lab, LAB_RESOURCES } from "./labCluster";

/** The team's backend: the lab's Jaeger in a namespace of its own, asking for TLS and basic auth. */
const BACKEND = { namespace: "e2e-team", service: "team-backend" } as const;
const BACKEND_HOST = `${BACKEND.service}.${BACKEND.namespace}.svc.cluster.local`;

/** The backend's Deployment and Service; its config and certificate come from the Secret `team-backend`. */
function backendManifests(): string {
  const labels = { app: BACKEND.service };
  const metadata = { name: BACKEND.service, namespace: BACKEND.namespace, labels };
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata,
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "jaeger",
              image: lab.jaegerImage,
              imagePullPolicy: "IfNotPresent",
              args: ["--config", "/team/backend.yaml"],
              ports: [
                { name: "otlp-grpc", containerPort: 4317 },
                { name: "query", containerPort: 16686 },
              ],
              readinessProbe: { httpGet: { path: "/status", port: 13133 }, periodSeconds: 2 },
              resources: { requests: { cpu: "50m", memory: "64Mi" } },
              volumeMounts: [{ name: "team", mountPath: "/team", readOnly: true }],
            },
          ],
          volumes: [{ name: "team", secret: { secretName: BACKEND.service, defaultMode: 0o444 } }],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: {
      selector: labels,
      ports: [
        { name: "otlp-grpc", port: 4317, targetPort: "otlp-grpc" },
        { name: "query", port: 16686, targetPort: "query" },
      ],
    },
  };
  return [deployment, service].map((object) => stringify(object)).join("---\n");
}

describe("a stack on the lab cluster forwarding to the team's backend in another namespace (local-and-forward, TLS with the team's CA, an authorization header)", () => {
  const namespace = "e2e-forward";
  const { team, authorization } = newTeamLogin();
  let stack: ThrowawayStack;
  let caPem: string;
  before(async () => {
    let dir: string;
    ({ dir, caPem } = await writeContainerBackend("e2e-k8s-team", [BACKEND_HOST, `${BACKEND.service}.${BACKEND.namespace}.svc`], team));
    writeFileSync(join(dir, "backend-manifests.yaml"), backendManifests());
    await kubectl(["create", "namespace", BACKEND.namespace]);
    await kubectl(["create", "secret", "generic", BACKEND.service, "-n", BACKEND.namespace, ...CONTAINER_BACKEND_FILES.map((file) => `--from-file=${join(dir, file)}`)]);
    await kubectl(["apply", "-f", join(dir, "backend-manifests.yaml")]);

    const forward = { forwardMode: "local-and-forward", forwardEndpoint: `${BACKEND_HOST}:4317`, forwardProtocol: "grpc" };
    const images = { milvusImage: lab.milvusImage, jaegerImage: lab.jaegerImage };
    stack = await ThrowawayStack.create("k8s-forward", {
      target: "kubernetes",
      kubeconfig: lab.kubeconfig,
      namespace,
      secure: false,
      sampleFraction: 1,
      traceBatchDelayMs: 500,
      retainData: false,
      jaegerStorage: "memory",
      ...images,
      ...LAB_RESOURCES,
      milvusDataSize: "2Gi",
      ...forward,
    });
    await stack.setSecret("forwardHeaders", JSON.stringify({ authorization }));
    await stack.setSecret("forwardCa", caPem);
  });
  after(async () => {
    await stack.destroy();
    await stack.remove();
    for (const gone of [namespace, BACKEND.namespace]) await kubectl(["delete", "namespace", gone, "--ignore-not-found", "--wait=true", "--timeout=180s"]);
  });

  it("deploys; verify finds its trace, client and Milvus spans, in Jaeger and in the backend, and the forwarder sent without failures", async (t) => {
    const up = await stack.up();
    assert.equal(up.code, 0, up.output);
    await kubectl(["rollout", "status", `deployment/${BACKEND.service}`, "-n", BACKEND.namespace, "--timeout=180s"]);
    const backend = await forwardKubernetesPorts({ namespace: BACKEND.namespace, kubeconfig: lab.kubeconfig, portForwards: { jaegerQueryUrl: { service: BACKEND.service, port: 16686 } } }, 60);
    try {
      const query = `http://${backend.addresses.jaegerQueryUrl ?? ""}`;
      const { code, verdict } = await stack.verify(["--backend-query", query, "--timeout", "90"], undefined, { VERIFY_BACKEND_USER: team.username, VERIFY_BACKEND_PASSWORD: team.password });
      assert.ok(verdict, "verify printed a JSON verdict");
      t.diagnostic(verdict.checks.map((check) => `${check.name}: ${check.detail}`).join("\n"));
      assert.deepEqual(
        verdict.checks.map((check) => `${check.name}: ${String(check.passed)}`),
        forwardedChecks(query),
      );
      assert.equal(code, 0);
      const collector = verdict.collector;
      assert.ok(collector && typeof collector === "object" && collector.forward, `collector counters: ${JSON.stringify(collector)}`);
      t.diagnostic(`forwarder over verify's run: ${JSON.stringify(collector.forward)}`);
      assert.ok(collector.forward.sent > 0, JSON.stringify(collector.forward));
      assert.equal(collector.forward.failed + collector.forward.enqueueFailed, 0, JSON.stringify(collector.forward));
    } finally {
      await backend.close();
    }
  });

  it("keeps the header and the team's CA out of plain text: state, outputs, pod specs, ConfigMaps and Jaeger's log", async () => {
    const seen = [
      (await stack.pulumi(["stack", "export"])).output,
      (await stack.pulumi(["stack", "output", "--json"])).output,
      await kubectl(["get", "deployments,pods,configmaps", "-n", namespace, "-o", "yaml"]),
      await kubectl(["logs", "-n", namespace, "deploy/jaeger"]),
    ].join("\n");
    assertNoTeamSecretIn(seen, { team, authorization, caPem });
  });
});
