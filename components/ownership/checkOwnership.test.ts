import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { validateSettings } from "../settings/validateSettings";
import { describeServices, SERVICE_TABLE } from "../services/serviceTable";
import { ownershipProblems } from "./checkOwnership";

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: lab, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: admin, user: { token: t } }]
contexts: [{ name: lab, context: { cluster: lab, user: admin } }, { name: other, context: { cluster: lab, user: admin } }]
current-context: lab
`;

function checkFor(raw: Record<string, string>) {
  const settings = validateSettings({ target: "kubernetes", ...raw }, "milvus-tracing", new Set(), "prod");
  return ownershipProblems({
    settings,
    services: describeServices(SERVICE_TABLE, settings, undefined),
    owner: { project: "milvus-tracing", stack: "prod" },
    namePrefix: "milvus-tracing-prod",
    configNamespace: "milvus-tracing",
  });
}

describe("cluster settings the ownership check judges before anything is created", () => {
  it("refuses a kubeconfig path that does not exist, instead of the provider taking it for content", async () => {
    const problems = await checkFor({ kubeconfig: "/nonexistent/kubeconfig" });
    assert.deepEqual(problems.settings, ['kubeconfig = "/nonexistent/kubeconfig" is not allowed: no such file; expected a kubeconfig path or its content']);
  });

  it("refuses a context the kubeconfig does not have, listing those it has", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ownership-")), "kubeconfig");
    writeFileSync(file, KUBECONFIG);
    const problems = await checkFor({ kubeconfig: file, kubeContext: "prod-cluster" });
    assert.deepEqual(problems.settings, ['kubeContext = "prod-cluster" is not allowed: the kubeconfig has no context prod-cluster (it has lab, other)']);
  });

  it("says the cluster could not be read, naming kubeconfig, when nothing answers", async () => {
    const problems = await checkFor({ kubeconfig: KUBECONFIG });
    assert.equal(problems.settings.length, 1);
    assert.match(problems.settings[0] ?? "", /^kubeconfig: the cluster could not be read \(/);
    assert.deepEqual(problems.refusals, []);
  });
});
