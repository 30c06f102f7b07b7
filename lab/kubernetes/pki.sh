#!/usr/bin/env bash
# Creates the cluster's certificates with openssl (once; kept across down/up): a CA, serving
# certificates for etcd, the API server and the kubelet, client certificates for each component,
# the service-account key pair, and a kubeconfig per client. Prints the pki directory.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

mkdir -p "$K8S_PKI"
cd "$K8S_PKI"
umask 077

# cert NAME CN ORG USAGE [SAN,...]: a key and a certificate signed by the lab CA.
cert() {
  local name="$1" cn="$2" org="$3" usage="$4" san="${5:-}"
  [[ -f "$name.crt" ]] && return
  local subj="/CN=$cn${org:+/O=$org}"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n $san ]] && echo "subjectAltName=$san"
  } >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

# kubeconfig NAME USER-CERT SERVER: a kubeconfig with the certificates embedded.
kubeconfig() {
  local file="$1.kubeconfig" user="$2" server="$3"
  [[ -f "$file" ]] && return
  local kc=("$K8S_BIN/kubectl" --kubeconfig "$file.tmp" config)
  "${kc[@]}" set-cluster lab --server "$server" --certificate-authority ca.crt --embed-certs >/dev/null
  "${kc[@]}" set-credentials "$user" --client-certificate "$user.crt" --client-key "$user.key" --embed-certs >/dev/null
  "${kc[@]}" set-context lab --cluster lab --user "$user" >/dev/null
  "${kc[@]}" use-context lab >/dev/null
  mv "$file.tmp" "$file"
}

if [[ ! -f ca.crt ]]; then
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout ca.key -days 3650 -sha256 \
    -subj "/CN=milvus-tracing-lab-ca" -out ca.crt 2>/dev/null
fi
[[ -f sa.key ]] || { openssl genrsa -out sa.key 2048 2>/dev/null; openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null; }

cert etcd-server etcd "" serverAuth "IP:127.0.0.1,DNS:localhost"
cert apiserver-etcd-client kube-apiserver-etcd-client "" clientAuth
cert apiserver kube-apiserver "" serverAuth \
  "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:$K8S_NODE_IP,IP:$K8S_API_SERVICE_IP"
# The API server's client for logs, exec and port-forward through the kubelet.
cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters clientAuth
cert kubelet-server "system:node:$K8S_NODE_NAME" system:nodes serverAuth "DNS:$K8S_NODE_NAME,IP:$K8S_NODE_IP"
cert kubelet "system:node:$K8S_NODE_NAME" system:nodes clientAuth
cert admin milvus-tracing-lab-admin system:masters clientAuth
cert controller-manager system:kube-controller-manager "" clientAuth
cert scheduler system:kube-scheduler "" clientAuth
cert kube-proxy system:kube-proxy "" clientAuth
cert coredns system:coredns "" clientAuth
cert local-path-provisioner system:local-path-provisioner "" clientAuth
cert kube-router system:kube-router "" clientAuth

server="https://$K8S_NODE_IP:$K8S_API_PORT"
kubeconfig admin admin "$server"
kubeconfig controller-manager controller-manager "$server"
kubeconfig scheduler scheduler "$server"
kubeconfig kubelet kubelet "$server"
kubeconfig kube-proxy kube-proxy "$server"
kubeconfig coredns coredns "$server"
kubeconfig local-path-provisioner local-path-provisioner "$server"
kubeconfig kube-router kube-router "$server"
cmp -s admin.kubeconfig "$K8S_KUBECONFIG" || install -m 600 admin.kubeconfig "$K8S_KUBECONFIG"
printf '%s\n' "$K8S_PKI"
