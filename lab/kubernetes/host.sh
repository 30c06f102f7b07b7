#!/usr/bin/env bash
# The host side of the lab cluster: `host.sh up` records the sysctls the kubelet and kube-proxy
# may change, creates the node address on a veth pair of the lab's own, and adds the FORWARD
# rules that let pods reach one another past Docker's DROP policy and keep them on this machine
# (in chains of the lab's own, in filter and mangle). `host.sh down`
# undoes exactly that, plus the CNI bridge and IP allocations the pods left behind.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"

HOST_STATE="$K8S_LAB/host"
SYSCTLS_BEFORE="$HOST_STATE/sysctls.before"
CHAIN=MTLAB-FORWARD
# Set by the kubelet at start, by kube-proxy (iptables mode), or needed by pod networking.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.ip_forward
  net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables
  net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait)

up() {
  lab_apt_install iptables iproute2
  mkdir -p "$HOST_STATE"
  # KUBE-* chains that exist before the lab's first up are someone else's: down leaves them.
  if [[ ! -f $HOST_STATE/kube-chains.before ]]; then
    { iptables-save; ip6tables-save; } 2>/dev/null | grep -c '^:KUBE-' >"$HOST_STATE/kube-chains.before" || true
  fi
  # Recorded once per up/down cycle, so a second `up` does not record the kubelet's values.
  if [[ ! -f $SYSCTLS_BEFORE ]]; then
    for key in "${SYSCTLS[@]}"; do
      value="$(sysctl -n "$key" 2>/dev/null)" && printf '%s=%s\n' "$key" "$value"
    done >"$SYSCTLS_BEFORE.tmp"
    mv "$SYSCTLS_BEFORE.tmp" "$SYSCTLS_BEFORE"
  fi
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  [[ -e /sys/fs/cgroup/memory/kubepods || -f $HOST_STATE/kubepods.created ]] \
    || touch "$HOST_STATE/kubepods.created"

  if ! ip link show "$K8S_NODE_IF" >/dev/null 2>&1; then
    # No dummy driver in this kernel: a veth pair gives the node an address of its own.
    ip link add "$K8S_NODE_IF" type veth peer name "${K8S_NODE_IF}p"
    lab_log "created $K8S_NODE_IF with the node address $K8S_NODE_IP"
  fi
  ip addr replace "$K8S_NODE_IP/32" dev "$K8S_NODE_IF"
  ip link set "${K8S_NODE_IF}p" up
  ip link set "$K8S_NODE_IF" up

  # Pods never reach beyond this machine: anything a pod sends out of the bridge, or anything
  # else sends into it, is dropped. In mangle, which runs before every filter chain: kube-router
  # (netpol.sh) puts its chains first in filter FORWARD and ACCEPTs all that the policies allow.
  if ! iptables -w -t mangle -nL "$CHAIN" >/dev/null 2>&1; then
    iptables -w -t mangle -N "$CHAIN"
    iptables -w -t mangle -A "$CHAIN" -i "$K8S_CNI_BRIDGE" ! -o "$K8S_CNI_BRIDGE" -j DROP
    iptables -w -t mangle -A "$CHAIN" ! -i "$K8S_CNI_BRIDGE" -o "$K8S_CNI_BRIDGE" -j DROP
  fi
  # Pod to pod (also through a Service) on the lab bridge, past Docker's DROP policy.
  if ! iptables -w -nL "$CHAIN" >/dev/null 2>&1; then
    iptables -w -N "$CHAIN"
    iptables -w -A "$CHAIN" -i "$K8S_CNI_BRIDGE" -o "$K8S_CNI_BRIDGE" -j ACCEPT
  fi
  local table
  for table in mangle filter; do
    iptables -w -t "$table" -C FORWARD -j "$CHAIN" 2>/dev/null || iptables -w -t "$table" -I FORWARD 1 -j "$CHAIN"
  done
}

# The chains kube-proxy (through its own --cleanup) and the kubelet (canary and hint chains)
# created, when no KUBE-* chain existed before the lab.
remove_kube_chains() {
  [[ "$(cat "$HOST_STATE/kube-chains.before" 2>/dev/null || echo 1)" == 0 ]] || return 0
  "$K8S_BIN/kube-proxy" --cleanup >"$K8S_LOGS/kube-proxy-cleanup.log" 2>&1 || true
  local tool table chain rule
  for tool in iptables ip6tables; do
    for table in filter nat mangle; do
      # Jumps into KUBE-* chains that --cleanup left (the kubelet's KUBE-FIREWALL).
      "$tool-save" -t "$table" 2>/dev/null | grep -E '^-A [A-Z]+ .*-j KUBE-' | while read -r rule; do
        eval "\"\$tool\" -w -t \"\$table\" -D ${rule#-A }" && lab_log "removed $tool $table rule: $rule"
      done || true
      for chain in $("$tool-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do
        "$tool" -w -t "$table" -F "$chain" && "$tool" -w -t "$table" -X "$chain" \
          && lab_log "removed $tool $table chain $chain"
      done
    done
  done
  rm -f "$HOST_STATE/kube-chains.before"
}

down() {
  remove_kube_chains
  local table
  for table in filter mangle; do
    iptables -w -t "$table" -nL "$CHAIN" >/dev/null 2>&1 || continue
    while iptables -w -t "$table" -D FORWARD -j "$CHAIN" 2>/dev/null; do :; done
    iptables -w -t "$table" -F "$CHAIN"
    iptables -w -t "$table" -X "$CHAIN"
    lab_log "removed the $table $CHAIN rules"
  done
  for link in "$K8S_CNI_BRIDGE" "$K8S_NODE_IF"; do
    if ip link show "$link" >/dev/null 2>&1; then
      ip link del "$link"
      lab_log "removed link $link"
    fi
  done
  rm -rf "$K8S_RUN/cni/networks"
  # The kubelet's cgroup tree (cgroup v1, one per controller), when the lab made it.
  if [[ -f $HOST_STATE/kubepods.created ]]; then
    find /sys/fs/cgroup/*/kubepods -depth -type d -exec rmdir {} + 2>/dev/null || true
    if compgen -G '/sys/fs/cgroup/*/kubepods' >/dev/null; then
      lab_log "warning: some kubepods cgroups are still in use: $(echo /sys/fs/cgroup/*/kubepods)"
    else
      rm -f "$HOST_STATE/kubepods.created"
      lab_log "removed the kubelet's kubepods cgroups"
    fi
  fi
  if [[ -f $SYSCTLS_BEFORE ]]; then
    while IFS='=' read -r key value; do
      now="$(sysctl -n "$key" 2>/dev/null)" || continue
      if [[ "$now" != "$value" ]]; then
        sysctl -qw "$key=$value" && lab_log "restored $key: $now -> $value"
      fi
    done <"$SYSCTLS_BEFORE"
    rm -f "$SYSCTLS_BEFORE"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) lab_die "usage: host.sh up|down" ;;
esac
