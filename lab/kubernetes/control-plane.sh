#!/usr/bin/env bash
# Starts the control plane: etcd (TLS, loopback only, data kept across down/up), kube-apiserver
# (on the node address, RBAC + Node authorization, PodSecurity admission at its defaults),
# kube-controller-manager (service-account tokens, PV deletion) and
# kube-scheduler. Waits until the API server is ready.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
P="$K8S_PKI"
mkdir -p "$K8S_DATA/etcd"
chmod 700 "$K8S_DATA/etcd"

k8s_start etcd "$K8S_BIN/etcd" --name lab --data-dir "$K8S_DATA/etcd" \
  --listen-client-urls https://127.0.0.1:2379 --advertise-client-urls https://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster lab=http://127.0.0.1:2380 \
  --listen-metrics-urls http://127.0.0.1:2381 \
  --cert-file "$P/etcd-server.crt" --key-file "$P/etcd-server.key" \
  --client-cert-auth --trusted-ca-file "$P/ca.crt"

k8s_start kube-apiserver "$K8S_BIN/kube-apiserver" \
  --advertise-address "$K8S_NODE_IP" --bind-address "$K8S_NODE_IP" --secure-port "$K8S_API_PORT" \
  --etcd-servers https://127.0.0.1:2379 --etcd-cafile "$P/ca.crt" \
  --etcd-certfile "$P/apiserver-etcd-client.crt" --etcd-keyfile "$P/apiserver-etcd-client.key" \
  --client-ca-file "$P/ca.crt" \
  --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" \
  --kubelet-client-certificate "$P/apiserver-kubelet-client.crt" \
  --kubelet-client-key "$P/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority "$P/ca.crt" --kubelet-preferred-address-types InternalIP \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
  --service-cluster-ip-range "$K8S_SERVICE_CIDR" \
  --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
  --allow-privileged=true --profiling=false
# The controllers read the API server's bootstrap RBAC roles at start, and exit without them.
k8s_wait_for "the API server is ready" 120 k8s_kubectl get --raw /readyz

cm_args=(--kubeconfig "$P/controller-manager.kubeconfig"
  --authentication-kubeconfig "$P/controller-manager.kubeconfig"
  --authorization-kubeconfig "$P/controller-manager.kubeconfig"
  --bind-address 127.0.0.1 --leader-elect=false --profiling=false
  --root-ca-file "$P/ca.crt" --service-account-private-key-file "$P/sa.key"
  --use-service-account-credentials
  --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key"
  --service-cluster-ip-range "$K8S_SERVICE_CIDR"
  # The default StorageClass is local-path's (storage.sh). This keeps deleting the PVs that the
  # lab's former class, lab-hostpath, made under /tmp/hostpath_pv.
  --enable-hostpath-provisioner)
k8s_start kube-controller-manager "$K8S_BIN/kube-controller-manager" "${cm_args[@]}"

k8s_start kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig "$P/scheduler.kubeconfig" \
  --authentication-kubeconfig "$P/scheduler.kubeconfig" \
  --authorization-kubeconfig "$P/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --leader-elect=false --profiling=false

k8s_wait_for "kube-controller-manager is healthy" 60 curl -fsk https://127.0.0.1:10257/healthz
k8s_wait_for "kube-scheduler is healthy" 60 curl -fsk https://127.0.0.1:10259/healthz
