#!/usr/bin/env bash
# `npm run lab:kubernetes [-- up|down|status]`: a real single-node Kubernetes cluster built from
# the package registries, run as root as background processes recorded by pid.
#   up (default)  builds what is missing, starts what is not running, imports the lab's images,
#                 starts the default StorageClass's provisioner (storage.sh) and the
#                 NetworkPolicy enforcer (netpol.sh),
#                 waits for a Ready node, CoreDNS and the default ServiceAccount; prints the
#                 admin kubeconfig path as the last line of stdout.
#   down          stops what `up` started and restores the host (see down.sh).
#   status        the components and their pids, the kubeconfig and the kubectl to use.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
HERE="$LAB_DIR/kubernetes"
COMPONENTS=(containerd etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy coredns local-path-provisioner kube-router)

all_running() {
  local name
  for name in "${COMPONENTS[@]}"; do k8s_pid "$name" >/dev/null || return 1; done
  k8s_kubectl get --raw /readyz >/dev/null 2>&1
}

up() {
  [[ $(id -u) == 0 ]] || lab_die "the lab cluster runs as root (containerd, kubelet, iptables)"
  local started=$SECONDS built
  bash "$HERE/build.sh" >/dev/null
  built=$((SECONDS - started))
  if all_running; then
    lab_log "the cluster is already running"
  else
    bash "$HERE/pki.sh" >/dev/null
    bash "$HERE/host.sh" up
    bash "$HERE/containerd.sh" >/dev/null
    bash "$HERE/control-plane.sh"
    bash "$HERE/node.sh"
    bash "$HERE/addons.sh"
    bash "$HERE/netpol.sh" up
  fi
  local imported=$SECONDS
  bash "$HERE/images.sh" >/dev/null
  imported=$((SECONDS - imported))
  # After the images: its helper pods run the lab's base image.
  bash "$HERE/storage.sh"
  lab_log "cluster up in $((SECONDS - started)) s (binaries: $built s, images: $imported s)"
  lab_log "kubectl --kubeconfig $K8S_KUBECONFIG get nodes"
  printf '%s\n' "$K8S_KUBECONFIG"
}

status() {
  local name pid
  for name in "${COMPONENTS[@]}"; do
    if pid="$(k8s_pid "$name")"; then printf '%-24s running (pid %s)\n' "$name" "$pid"
    else printf '%-24s stopped\n' "$name"; fi
  done
  printf '%-24s %s\n' kubeconfig "$K8S_KUBECONFIG" kubectl "$K8S_BIN/kubectl"
}

case "${1:-up}" in
  up) up ;;
  down) bash "$HERE/down.sh" ;;
  status) status ;;
  *) lab_die "usage: cluster.sh [up|down|status]" ;;
esac
