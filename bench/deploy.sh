#!/usr/bin/env bash
# bench:deploy [-- --target kubernetes]: needs what the matching e2e tier needs, plus Docker
# Compose v2 (built by the lab) for the Docker comparison, or the lab cluster for Kubernetes.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
# shellcheck source=lab/deploy-env.sh
source lab/deploy-env.sh
if [[ "${1:-}" == "--target" && "${2:-}" == "kubernetes" ]]; then
  # shellcheck source=lab/kubernetes/common.sh
  source lab/kubernetes/common.sh
  millis() { echo $(( $(date +%s%N) / 1000000 )); }
  # The cluster's start, timed: first as found (a build and first start on a new machine), then
  # from stopped (binaries, etcd data and images cached), then with it running.
  for start in "as found" "from stopped" "running"; do
    [[ "$start" == "from stopped" ]] && bash lab/kubernetes/cluster.sh down >/dev/null
    t=$(millis)
    LAB_KUBECONFIG="$(bash lab/kubernetes/cluster.sh up 2>/dev/null | tail -n 1)"
    printf '[bench] lab cluster up (%s): %d ms\n' "$start" "$(( $(millis) - t ))"
  done
  LAB_KUBECTL="$K8S_BIN/kubectl"
  export LAB_KUBECONFIG LAB_KUBECTL
  exec tsx bench/kubernetesDeployBench.ts
fi
bash lab/docker/compose.sh >/dev/null
exec tsx bench/deployBench.ts
