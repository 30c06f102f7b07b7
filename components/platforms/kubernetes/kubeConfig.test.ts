import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isKubeConfigContent, loadKubeConfig } from "./kubeConfig";

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: { server: "https://127.0.0.1:6443" }
- name: other
  cluster: { server: "https://127.0.0.2:6443" }
users:
- name: admin
  user: { token: t }
contexts:
- name: lab
  context: { cluster: lab, user: admin }
- name: other
  context: { cluster: other, user: admin }
current-context: lab
`;

describe("kubeConfig", () => {
  it("tells content from a path", () => {
    assert.equal(isKubeConfigContent(kubeconfig), true);
    assert.equal(isKubeConfigContent('{"apiVersion":"v1"}'), true);
    assert.equal(isKubeConfigContent("/home/me/.kube/config"), false);
  });

  it("loads content and selects the stack's context", async () => {
    const config = await loadKubeConfig({ kubeconfig, context: "other" });
    assert.equal(config.getCurrentCluster()?.server, "https://127.0.0.2:6443");
    assert.equal((await loadKubeConfig({ kubeconfig, context: undefined })).getCurrentCluster()?.server, "https://127.0.0.1:6443");
  });

  it("names the contexts there are when the stack's is missing", async () => {
    await assert.rejects(loadKubeConfig({ kubeconfig, context: "prod" }), /no context prod \(it has lab, other\)/);
  });
});
