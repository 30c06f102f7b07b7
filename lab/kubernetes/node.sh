#!/usr/bin/env bash
# Starts the node: the kubelet (cgroup v1 with the cgroupfs driver, webhook authentication and
# authorization so the API server's logs/exec/port-forward work, the lab's cluster DNS) and
# kube-proxy (iptables mode, NodePorts on the node address only, conntrack sysctls untouched).
# Waits until the node is Ready.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
P="$K8S_PKI"
NODE="$K8S_RUN/node"
mkdir -p "$NODE" "$K8S_LAB/kubelet"

# Pods get the cluster's DNS only: no search domain or resolver of the host leaks into them.
printf 'nameserver %s\n' "$K8S_DNS_IP" >"$NODE/resolv.conf"

k8s_write_if_changed "$NODE/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$K8S_CONTAINERD_SOCK
address: $K8S_NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
tlsCertFile: $P/kubelet-server.crt
tlsPrivateKeyFile: $P/kubelet-server.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $P/ca.crt}
authorization:
  mode: Webhook
clusterDNS: [$K8S_DNS_IP]
clusterDomain: cluster.local
resolvConf: $NODE/resolv.conf
failSwapOn: false
# The lab's images are imported, never pulled: image GC must not remove them, and a busy
# shared disk must not evict pods or taint the node.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
YAML

k8s_start kubelet "$K8S_BIN/kubelet" --config "$NODE/kubelet.yaml" \
  --kubeconfig "$P/kubelet.kubeconfig" --root-dir "$K8S_LAB/kubelet" \
  --hostname-override "$K8S_NODE_NAME" --node-ip "$K8S_NODE_IP"

k8s_write_if_changed "$NODE/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $P/kube-proxy.kubeconfig
mode: iptables
hostnameOverride: $K8S_NODE_NAME
clusterCIDR: $K8S_POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [$K8S_NODE_IP/32]
iptables:
  localhostNodePorts: false
# Zero leaves the host's conntrack sysctls as they are.
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
YAML
k8s_start kube-proxy "$K8S_BIN/kube-proxy" --config "$NODE/kube-proxy.yaml"

k8s_wait_for "node $K8S_NODE_NAME is Ready" 180 \
  k8s_kubectl wait --for=condition=Ready "node/$K8S_NODE_NAME" --timeout=5s
