#!/usr/bin/env bash
# The Kubernetes e2e tier: the real Pulumi CLI with the real kubernetes provider deploys throwaway
# stacks to the lab's single-node cluster (lab/kubernetes), whose containerd has the lab's images.
# Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
LAB_PART=e2e-kubernetes
started=$SECONDS
# shellcheck source=lab/deploy-env.sh
source lab/deploy-env.sh
LAB_KUBECONFIG="$(bash lab/kubernetes/cluster.sh up | tail -n 1)"
# shellcheck source=lab/kubernetes/common.sh
source lab/kubernetes/common.sh
LAB_KUBECTL="$K8S_BIN/kubectl"
export LAB_KUBECONFIG LAB_KUBECTL
lab_log "lab cluster ready in $((SECONDS - started)) s: $LAB_KUBECONFIG; images $LAB_MILVUS_IMAGE, $LAB_JAEGER_IMAGE"

# Namespaces of an earlier run that was killed half-way would be adopted with stale objects.
for namespace in e2e-prod e2e-policy-prod e2e-policy-bad e2e-forward e2e-team e2e-nodeport e2e-bad e2e-netpol e2e-netpol-allowed e2e-netpol-other e2e-taken e2e-bad-cluster e2e-example milvus-tracing-e2e-k8s-side-a milvus-tracing-e2e-k8s-side-b; do
  "$LAB_KUBECTL" --kubeconfig "$LAB_KUBECONFIG" delete namespace "$namespace" --ignore-not-found --wait=true --timeout=180s >/dev/null
done

# Arguments: test files to run instead of all of them (a scenario being worked on).
files=("$@")
((${#files[@]})) || files=(test/e2e-kubernetes/*.test.ts)
exec node --import tsx --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec "${files[@]}"
