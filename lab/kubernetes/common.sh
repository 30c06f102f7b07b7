# Shared settings for the Kubernetes lab scripts. Source it; do not run it.
# shellcheck shell=bash disable=SC2034  # (settings read by the scripts that source this)
#
# Layout under $LAB_CACHE/kubernetes:
#   v<K8S_VERSION>-coredns<COREDNS_VERSION>/bin   the built binaries and the pause image archive
#   build/                  the scratch Go modules they are built in
#   run/                    the cluster's CA and certificates, configs, logs, pids, containerd state
#   containerd/, kubelet/   containerd's image store and the kubelet's root directory
#   data/etcd               the cluster's state: kept across down/up
#   data/local-path         the PV directories of the default StorageClass: kept across down/up
#   admin.kubeconfig        cluster-admin credentials for the API server on the node address
LAB_PART="${LAB_PART:-kubernetes}"
# shellcheck source=lab/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"
# shellcheck source=lab/process.sh
source "$LAB_DIR/process.sh"

K8S_VERSION=1.35.4
# The published staging modules carry the release's minor as v0.<minor>.<patch>.
K8S_STAGING_VERSION=0.35.4
COREDNS_VERSION=1.14.7
# rancher's local-path-provisioner (kind's and k3s's default): the lab's dynamic provisioner.
LOCAL_PATH_VERSION=0.0.30
# kube-router's network-policy controller alone (netpol.sh): the lab's NetworkPolicy enforcer.
# v2.10.0 is the newest the module proxy serves, and has the fixes for GHSA-phqm-jgc3-qf8g and
# GHSA-v5mh-h5hx-7v92 (both in controllers the lab does not run).
KUBE_ROUTER_VERSION=2.10.0
# v2.10.0 requires netlink v1.3.2-0.20260505210927-99e979749d3e, which the module proxy refuses
# ("This module version is not available"); this is the newest netlink it serves.
KUBE_ROUTER_NETLINK=v1.3.2-0.20251022194116-03b8f90390d9

K8S_LAB="$LAB_CACHE/kubernetes"
K8S_BIN="$K8S_LAB/v$K8S_VERSION-coredns$COREDNS_VERSION/bin"
K8S_RUN="$K8S_LAB/run"
K8S_PIDS="$K8S_RUN/pids"
K8S_LOGS="$K8S_RUN/logs"
K8S_PKI="$K8S_RUN/pki"
K8S_DATA="$K8S_LAB/data"
K8S_KUBECONFIG="$K8S_LAB/admin.kubeconfig"

# Addresses the lab chooses. The node address sits on a veth pair the lab creates, so
# nothing the cluster advertises is an address of the machine's real network. The ranges come
# from 198.18.0.0/15 (reserved for benchmarking, routed nowhere) to stay clear of Docker's
# 172.16/12 and 192.168/16 pools and of the machine's own networks.
K8S_NODE_IF=mtlab0
K8S_NODE_IP=198.18.0.1
K8S_POD_CIDR=198.18.64.0/20
K8S_SERVICE_CIDR=198.18.128.0/20
K8S_API_SERVICE_IP=198.18.128.1
K8S_DNS_IP=198.18.128.10
K8S_CNI_BRIDGE=mtlab-br0
K8S_CNI_NETWORK=milvus-tracing-lab
K8S_NODE_NAME=milvus-tracing-lab
K8S_API_PORT=6443
K8S_CONTAINERD_SOCK="$K8S_RUN/containerd/containerd.sock"
K8S_PAUSE_IMAGE="localhost/milvus-tracing/pause:$K8S_VERSION"

# k8s_import_pause: imports the pod sandbox image unless containerd has it. The kubelet removes
# images under disk pressure whatever its GC thresholds, this one too, and nothing can pull it.
k8s_import_pause() {
  if ! ctr --address "$K8S_CONTAINERD_SOCK" -n k8s.io images ls -q | grep -qxF "$K8S_PAUSE_IMAGE"; then
    ctr --address "$K8S_CONTAINERD_SOCK" -n k8s.io images import "$K8S_BIN/pause.tar" >&2
    lab_log "imported $K8S_PAUSE_IMAGE"
  fi
}
K8S_STORAGE_CLASS=lab-local-path
K8S_LOCAL_PATH_DIR="$K8S_DATA/local-path"

k8s_kubectl() { "$K8S_BIN/kubectl" --kubeconfig "$K8S_KUBECONFIG" "$@"; }

# k8s_write_if_changed FILE: stdin into FILE, leaving FILE untouched when its content is the same.
# A running kube-proxy exits when its config file is written, even with the same content.
k8s_write_if_changed() {
  local file="$1" tmp="$1.tmp"
  cat >"$tmp"
  if cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv -f "$tmp" "$file"; fi
}

# k8s_wait_for LABEL SECONDS CMD...: retries CMD every second until it succeeds.
k8s_wait_for() {
  local label="$1" limit="$2" started=$SECONDS; shift 2
  until "$@" >/dev/null 2>&1; do
    (( SECONDS - started < limit )) || lab_die "$label: not after $limit s"
    sleep 1
  done
  lab_log "$label after $((SECONDS - started)) s"
}

# The lab's processes: each started once (lab/process.sh), with its pid in $K8S_PIDS/NAME.pid, the
# basename of its binary in NAME.exe, and its output in $K8S_LOGS/NAME.log.
k8s_pid() { # NAME: prints the pid when that process is running
  lab_proc_pid "$K8S_PIDS/$1.pid" "$(cat "$K8S_PIDS/$1.exe" 2>/dev/null)"
}

k8s_start() { # NAME BINARY ARGS...
  local name="$1" pid; shift
  if pid="$(k8s_pid "$name")"; then
    lab_log "$name already running (pid $pid)"
    return 0
  fi
  mkdir -p "$K8S_PIDS"
  basename "$1" >"$K8S_PIDS/$name.exe"
  lab_proc_start "$K8S_PIDS/$name.pid" "$K8S_LOGS/$name.log" "$@"
  lab_log "started $name (pid $LAB_PROC_STARTED, log $K8S_LOGS/$name.log)"
}

k8s_stop() { # NAME...: SIGTERM to each, SIGKILL to those still running after 20 s
  local name pid started=$SECONDS pids=() names=()
  for name in "$@"; do
    if pid="$(k8s_pid "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$K8S_PIDS/$name.pid" "$K8S_PIDS/$name.exe"
  done
  local i
  for i in "${!pids[@]}"; do
    if ! lab_proc_wait "${pids[$i]}" $((started + 20)); then
      lab_log "${names[$i]} (pid ${pids[$i]}) still running 20 s after SIGTERM; killing it"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    lab_log "stopped ${names[$i]} (pid ${pids[$i]}) after $((SECONDS - started)) s"
  done
}
