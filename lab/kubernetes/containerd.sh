#!/usr/bin/env bash
# Starts the lab's own containerd (Debian's containerd + runc, CRI plugin, CNI bridge plugins
# from Debian's containernetworking-plugins): config, socket and state under the lab cache,
# image store kept across down/up. Imports the pause image. Prints the socket path.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"

lab_apt_install containerd runc containernetworking-plugins iptables
CNI_BIN=/usr/lib/cni
[[ -x $CNI_BIN/bridge && -x $CNI_BIN/host-local && -x $CNI_BIN/loopback ]] \
  || lab_die "the CNI plugins are not in $CNI_BIN"

CTRD="$K8S_RUN/containerd"
STORE="$K8S_LAB/containerd"
mkdir -p "$CTRD" "$STORE" "$K8S_RUN/cni/net.d"

cat >"$K8S_RUN/cni/net.d/10-$K8S_CNI_NETWORK.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "$K8S_CNI_NETWORK",
  "plugins": [{
    "type": "bridge",
    "bridge": "$K8S_CNI_BRIDGE",
    "isGateway": true,
    "ipMasq": false,
    "hairpinMode": true,
    "ipam": {
      "type": "host-local",
      "dataDir": "$K8S_RUN/cni/networks",
      "ranges": [[{ "subnet": "$K8S_POD_CIDR" }]],
      "routes": [{ "dst": "0.0.0.0/0" }]
    }
  }]
}
JSON

# restrict_oom_score_adj: this sandbox lacks CAP_SYS_RESOURCE, and runc fails every pod when
# asked for a negative oom_score_adj.
cat >"$CTRD/config.toml" <<TOML
version = 2
root = "$STORE/root"
state = "$CTRD/state"

[grpc]
  address = "$K8S_CONTAINERD_SOCK"

[ttrpc]
  address = "$CTRD/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$STORE/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$K8S_PAUSE_IMAGE"
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$CNI_BIN"
    conf_dir = "$K8S_RUN/cni/net.d"
    max_conf_num = 1
TOML

k8s_start containerd "$(command -v containerd)" --config "$CTRD/config.toml"
k8s_wait_for "containerd answers on $K8S_CONTAINERD_SOCK" 60 \
  ctr --address "$K8S_CONTAINERD_SOCK" version

k8s_import_pause
printf '%s\n' "$K8S_CONTAINERD_SOCK"
