#!/usr/bin/env bash
# The cluster's add-ons: CoreDNS as a host process on the node address, reached through the
# kube-dns Service (a Service without selector whose EndpointSlice names the node address).
# Waits until CoreDNS answers through the Service and the default ServiceAccount exists.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
DNS="$K8S_RUN/coredns"
mkdir -p "$DNS"

k8s_kubectl apply -f - >&2 <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: milvus-tracing-lab:coredns
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: milvus-tracing-lab:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: milvus-tracing-lab:coredns
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:coredns
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  clusterIP: $K8S_DNS_IP
  ports:
    - {name: dns, port: 53, protocol: UDP}
    - {name: dns-tcp, port: 53, protocol: TCP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-node
  namespace: kube-system
  labels:
    kubernetes.io/service-name: kube-dns
    endpointslice.kubernetes.io/managed-by: milvus-tracing-lab
addressType: IPv4
endpoints:
  - addresses: [$K8S_NODE_IP]
    conditions: {ready: true}
    nodeName: $K8S_NODE_NAME
ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
YAML

# No forward plugin: names outside the cluster are refused, so no query leaves this machine.
cat >"$DNS/Corefile" <<COREFILE
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $K8S_NODE_IP
    errors
    health 127.0.0.1:18054
    ready 127.0.0.1:18181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $K8S_PKI/coredns.kubeconfig lab
        pods insecure
    }
    cache 30
    loadbalance
}
COREFILE
k8s_start coredns "$K8S_BIN/coredns" -conf "$DNS/Corefile"

# One A query through the kube-dns Service; succeeds when the answer carries a record.
dns_answers() {
  python3 - "$K8S_DNS_IP" "$1" <<'PY'
import random, socket, struct, sys
server, name = sys.argv[1], sys.argv[2]
qid = random.randrange(65536)
query = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
query += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
query += struct.pack(">HH", 1, 1)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
sock.sendto(query, (server, 53))
reply = sock.recv(512)
rid, flags, _, answers = struct.unpack(">HHHH", reply[:8])
sys.exit(0 if rid == qid and flags & 0xF == 0 and answers > 0 else 1)
PY
}
k8s_wait_for "CoreDNS answers kubernetes.default.svc.cluster.local via $K8S_DNS_IP" 120 \
  dns_answers kubernetes.default.svc.cluster.local
k8s_wait_for "the default ServiceAccount exists" 120 \
  k8s_kubectl -n default get serviceaccount default
