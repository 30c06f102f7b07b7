#!/usr/bin/env bash
# The default StorageClass, lab-local-path: rancher's local-path-provisioner as a host process
# with a client certificate of its own. For each PVC it runs a helper pod (the lab's base
# image) that makes a 0777 directory under data/local-path, so pods running as any uid can
# write there, as with kind's and k3s's default class. Replaces the former default class,
# lab-hostpath, whose root-owned 0750 directories non-root pods could not write to.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
NS=local-path-storage
CONF="$K8S_RUN/local-path"
BASE_IMAGE=docker.io/milvus-tracing-lab/base:bookworm
mkdir -p "$CONF" "$K8S_LOCAL_PATH_DIR"

# sharedFileSystemPath, not nodePathMap: with one node every path is on "all nodes", and only
# this mode provisions without a selected node, so the class can bind Immediately (a
# nodePathMap class must wait for the first consumer).
printf '{"sharedFileSystemPath": "%s"}\n' "$K8S_LOCAL_PATH_DIR" | k8s_write_if_changed "$CONF/config.json"
k8s_write_if_changed "$CONF/helper-pod.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: helper-pod
      image: $BASE_IMAGE
      imagePullPolicy: IfNotPresent
YAML

k8s_kubectl apply -f - >&2 <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: local-path-helper
  namespace: $NS
---
# The helper pods' scripts (the provisioner mounts this ConfigMap into them).
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-path-config
  namespace: $NS
data:
  setup: |-
    #!/bin/sh
    set -eu
    mkdir -m 0777 -p "\$VOL_DIR"
  teardown: |-
    #!/bin/sh
    set -eu
    rm -rf "\$VOL_DIR"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: milvus-tracing-lab:local-path-provisioner
rules:
  - apiGroups: [""]
    resources: [nodes, persistentvolumeclaims, configmaps, pods, pods/log]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [persistentvolumes]
    verbs: [get, list, watch, create, patch, update, delete]
  - apiGroups: [""]
    resources: [events]
    verbs: [create, patch]
  - apiGroups: [storage.k8s.io]
    resources: [storageclasses]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: milvus-tracing-lab:local-path-provisioner
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: milvus-tracing-lab:local-path-provisioner
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:local-path-provisioner
---
# Helper pods are created and deleted in its own namespace only.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: milvus-tracing-lab:local-path-helpers
  namespace: $NS
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list, watch, create, patch, update, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: milvus-tracing-lab:local-path-helpers
  namespace: $NS
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: milvus-tracing-lab:local-path-helpers
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: system:local-path-provisioner
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $K8S_STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
YAML
# Two default classes would make a class-less PVC ambiguous. PVs it made keep their data.
k8s_kubectl delete storageclass lab-hostpath --ignore-not-found >&2

was_running="$(k8s_pid local-path-provisioner || true)"
k8s_start local-path-provisioner "$K8S_BIN/local-path-provisioner" start \
  --kubeconfig "$K8S_PKI/local-path-provisioner.kubeconfig" \
  --provisioner-name rancher.io/local-path --namespace "$NS" \
  --config "$CONF/config.json" --helper-pod-file "$CONF/helper-pod.yaml" \
  --configmap-name local-path-config --service-account-name local-path-helper \
  --helper-image "$BASE_IMAGE"
if [[ -z $was_running ]]; then
  # A bad flag or kubeconfig ends it within a second.
  sleep 1
  k8s_pid local-path-provisioner >/dev/null \
    || lab_die "local-path-provisioner exited at start: see $K8S_LOGS/local-path-provisioner.log"
fi
