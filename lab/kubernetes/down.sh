#!/usr/bin/env bash
# Stops the lab cluster: the kubelet first (so it restarts nothing), then every pod through the
# CRI (containerd tears down their networks through CNI), then the other components by recorded
# pid, kube-router's iptables chains and ipsets (netpol.sh), kube-proxy's and the kubelet's
# iptables chains, the kubelet's leftover volume mounts, and
# the host changes of host.sh. Keeps the images, etcd's data and retained PV data
# (data/local-path under the lab cache), so the next `up` finds the cluster as it was.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
[[ $(id -u) == 0 ]] || lab_die "stopping the lab cluster needs root"
started=$SECONDS

k8s_stop kubelet
if k8s_pid containerd >/dev/null; then
  "$K8S_BIN/stop-pods" "$K8S_CONTAINERD_SOCK" | while read -r line; do lab_log "$line"; done
fi
bash "$LAB_DIR/kubernetes/netpol.sh" down
k8s_stop kube-proxy coredns local-path-provisioner kube-scheduler kube-controller-manager
k8s_stop kube-apiserver
k8s_stop etcd containerd

# Volumes the kubelet mounted for pods (service-account tokens, secrets) outlive it.
# The kubelet also bind-mounts its root directory onto itself.
{ findmnt -rn -o TARGET | grep -E "^$K8S_LAB/kubelet(/|\$)" || true; } | sort -r | while read -r mnt; do
  umount "$mnt" && lab_log "unmounted $mnt"
done
bash "$LAB_DIR/kubernetes/host.sh" down
lab_log "cluster down in $((SECONDS - started)) s"
