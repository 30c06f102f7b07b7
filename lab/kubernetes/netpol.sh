#!/usr/bin/env bash
# The lab's NetworkPolicy enforcer (the bridge CNI enforces none): kube-router's network-policy
# controller alone, as a host process with a client certificate of its own and read-only RBAC.
# It filters the traffic of this node's pods (those whose hostIP is the node's InternalIP) with
# iptables, through the system's iptables-nft as kube-proxy does, and ipsets.
#   netpol.sh up    installs ipset, starts kube-router and waits for its first policy sync.
#   netpol.sh down  stops it and removes the iptables chains and ipsets it made. Not through its
#                   own --cleanup-config: that also runs the proxy's cleanup, which flushes every
#                   IPVS service on the machine, and the routing controller's.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"

# Names from kube-router's pkg/controllers/netpol/network_policy_controller.go.
CHAINS_RE='KUBE-ROUTER-(INPUT|FORWARD|OUTPUT)|KUBE-NWPLCY-[A-Z0-9]+|KUBE-POD-FW-[A-Z0-9]+'
SETS_RE='^(inet6:)?(KUBE-SRC-[A-Z0-9]+|KUBE-DST-[A-Z0-9]+|kube-router-local-pods)$'

# Its first full sync ends by appending the jump to KUBE-NWPLCY-TAIL (the ACCEPT of what the
# policies allow) to KUBE-ROUTER-FORWARD.
synced() { iptables-save -t filter 2>/dev/null | grep -q -- '^-A KUBE-ROUTER-FORWARD .*-j KUBE-NWPLCY-TAIL'; }

up() {
  lab_apt_install ipset
  k8s_kubectl apply -f - >&2 <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: milvus-tracing-lab:kube-router
rules:
  # Its informers start for all of these, and each must sync within --cache-sync-timeout.
  - apiGroups: [""]
    resources: [pods, namespaces, nodes, services]
    verbs: [get, list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [networkpolicies]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: milvus-tracing-lab:kube-router
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: milvus-tracing-lab:kube-router
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:kube-router
YAML

  # No health server (it would listen on every interface) and no metrics. The Service range
  # is the API server's, not kube-router's default 10.96.0.0/12.
  k8s_start kube-router "$K8S_BIN/kube-router" \
    --kubeconfig "$K8S_PKI/kube-router.kubeconfig" --hostname-override "$K8S_NODE_NAME" \
    --run-firewall=true --run-router=false --run-service-proxy=false --run-loadbalancer=false \
    --service-cluster-ip-range "$K8S_SERVICE_CIDR" --health-port=0 --metrics-port=0
  local started=$SECONDS
  until synced; do
    if ! k8s_pid kube-router >/dev/null; then
      tail -n 20 "$K8S_LOGS/kube-router.log" >&2
      lab_die "kube-router exited at start: see $K8S_LOGS/kube-router.log"
    fi
    (( SECONDS - started < 90 )) || lab_die "kube-router's first policy sync: not after 90 s"
    sleep 1
  done
  lab_log "kube-router enforces NetworkPolicies (first sync after $((SECONDS - started)) s)"
}

down() {
  k8s_stop kube-router
  local tool rule chains chain sets set
  for tool in iptables ip6tables; do
    command -v "$tool-save" >/dev/null || continue
    # The jumps from the built-in chains first, then every chain's rules (they jump into one
    # another and match the sets), then the chains.
    "$tool-save" -t filter 2>/dev/null | grep -E '^-A (INPUT|FORWARD|OUTPUT) .*-j KUBE-ROUTER-' | while read -r rule; do
      eval "\"\$tool\" -w -t filter -D ${rule#-A }"
    done || true
    chains="$("$tool-save" -t filter 2>/dev/null | sed -En "s/^:($CHAINS_RE) .*/\\1/p")"
    [[ -n $chains ]] || continue
    for chain in $chains; do "$tool" -w -t filter -F "$chain"; done
    for chain in $chains; do "$tool" -w -t filter -X "$chain"; done
    lab_log "removed kube-router's $tool chains: ${chains//$'\n'/ }"
  done
  command -v ipset >/dev/null || return 0
  sets="$(ipset list -n | grep -E "$SETS_RE" || true)"
  for set in $sets; do ipset destroy "$set"; done
  [[ -z $sets ]] || lab_log "removed kube-router's ipsets: ${sets//$'\n'/ }"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) lab_die "usage: netpol.sh up|down" ;;
esac
