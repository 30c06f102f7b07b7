#!/usr/bin/env bash
# bench:deploy [-- --target docker|kubernetes|both]: needs what the matching e2e tier needs, plus
# Docker Compose v2 (built by the lab) for the Docker comparison, or the lab cluster for
# Kubernetes. `both` runs the two one after the other under one lock and ends with both ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
target=docker
if [[ "${1:-}" == "--target" ]]; then target="${2:-}"; fi
case "$target" in
  docker | kubernetes | both) ;;
  *) echo "bench:deploy: --target docker, kubernetes or both, not '$target'" >&2; exit 2 ;;
esac
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
# shellcheck source=lab/deploy-env.sh
source lab/deploy-env.sh
summaries="$(mktemp -d)"
trap 'rm -rf "$summaries"' EXIT

if [[ "$target" != "kubernetes" ]]; then
  bash lab/docker/compose.sh >/dev/null
  tsx bench/deployBench.ts | tee "$summaries/docker"
fi
if [[ "$target" != "docker" ]]; then
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
  tsx bench/kubernetesDeployBench.ts | tee "$summaries/kubernetes"
fi
if [[ "$target" == "both" ]]; then
  printf 'bench:deploy --target both: the two ratios of this run\n'
  grep -h -E '^  pulumi / ' "$summaries/docker" "$summaries/kubernetes"
fi
