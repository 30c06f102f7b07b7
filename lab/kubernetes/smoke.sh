#!/usr/bin/env bash
# `npm run lab:kubernetes:smoke`: proves the lab cluster works as a cluster, on the real thing,
# and prints what it measured. In a namespace that enforces Pod Security `baseline`:
#   0. a privileged pod is refused;
#   1. a pod of the lab's Jaeger image becomes Ready (no pull: imported image);
#   2. from a pod of the lab's base image, the Jaeger Service resolves by its short name and by
#      <svc>.<ns>.svc.cluster.local, and answers HTTP through its ClusterIP (also to the Jaeger
#      pod itself: hairpin);
#   3. a PVC with no storageClassName binds (default StorageClass) and that pod writes to it;
#   4. a NodePort Service answers on the node address, from this machine;
#   5. `kubectl port-forward` reaches the Jaeger pod from 127.0.0.1;
#   6. a pod running as uid 10001 (runAsNonRoot, fsGroup 10001, as Jaeger runs) writes a file
#      to a fresh PVC of the default class and reads it back;
#   7. NetworkPolicies are enforced (netpol-smoke.sh, in namespaces of its own).
# Deleting the namespace frees both PVs: the provisioner deletes them and their directories.
# The namespace is deleted at the end (also on failure). Needs `up` first.
set -euo pipefail
LAB_PART=kubernetes-smoke
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
[[ -f $K8S_KUBECONFIG ]] || lab_die "no cluster: run npm run lab:kubernetes first"

images="$(bash "$LAB_DIR/kubernetes/images.sh")"
JAEGER_IMAGE="$(grep -m1 '/jaeger:' <<<"$images")" || lab_die "no Jaeger image in: $images"
BASE_IMAGE="$(grep -m1 '/base:' <<<"$images")" || lab_die "no base image in: $images"
NS="lab-smoke-$$"
forward_pid=""
results=()
measure() { # LABEL CMD...: runs CMD, remembers how long it took (ms)
  local label="$1" started="${EPOCHREALTIME/./}"; shift
  "$@" >/dev/null
  results+=("$(printf '%-66s %6d ms' "$label" $(( (${EPOCHREALTIME/./} - started) / 1000 )))")
}
cleanup() {
  [[ -n $forward_pid ]] && kill "$forward_pid" 2>/dev/null
  k8s_kubectl delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT
kc() { k8s_kubectl -n "$NS" "$@"; }
total=$SECONDS

k8s_kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
  labels:
    pod-security.kubernetes.io/enforce: baseline
YAML
k8s_wait_for "ServiceAccount $NS/default" 60 kc get serviceaccount default
# The label is enforced: a privileged pod is refused (server-side dry run, nothing created).
refusal="$(kc run privileged --image "$K8S_PAUSE_IMAGE" --image-pull-policy Never --dry-run=server \
  --overrides '{"spec":{"containers":[{"name":"privileged","image":"'"$K8S_PAUSE_IMAGE"'","securityContext":{"privileged":true}}]}}' 2>&1)" \
  && lab_die "a privileged pod was admitted in a baseline namespace"
grep -q 'violates PodSecurity "baseline' <<<"$refusal" || lab_die "unexpected refusal: $refusal"
lab_log "Pod Security baseline enforced: a privileged pod is refused"

kc apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: jaeger
  labels: {app: jaeger}
spec:
  containers:
    - name: jaeger
      image: $JAEGER_IMAGE
      imagePullPolicy: Never
      readinessProbe:
        httpGet: {path: /status, port: 13133}
        periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: jaeger
spec:
  selector: {app: jaeger}
  ports:
    - {name: query, port: 16686}
---
apiVersion: v1
kind: Service
metadata:
  name: jaeger-nodeport
spec:
  type: NodePort
  selector: {app: jaeger}
  ports:
    - {name: query, port: 16686}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  # sleep ignores SIGTERM as PID 1: no reason to wait 30 s for it at cleanup.
  terminationGracePeriodSeconds: 1
  containers:
    - name: client
      image: $BASE_IMAGE
      imagePullPolicy: Never
      command: [sleep, "3600"]
      volumeMounts:
        - {name: data, mountPath: /data}
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: nonroot-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: nonroot
spec:
  terminationGracePeriodSeconds: 1
  securityContext: {runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, fsGroup: 10001}
  containers:
    - name: nonroot
      image: $BASE_IMAGE
      imagePullPolicy: Never
      command: [sleep, "3600"]
      volumeMounts:
        - {name: data, mountPath: /data}
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: nonroot-data}
YAML

measure "PVC without storageClassName bound (default StorageClass)" \
  kc wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
measure "Jaeger pod Ready in a baseline namespace" kc wait --for=condition=Ready pod/jaeger --timeout=120s
measure "client pod Ready with the PVC mounted" kc wait --for=condition=Ready pod/client --timeout=120s

fqdn="jaeger.$NS.svc.cluster.local"
for name in jaeger "$fqdn"; do
  address="$(kc exec client -- getent hosts "$name" | awk '{print $1}')"
  service_ip="$(kc get service jaeger -o jsonpath='{.spec.clusterIP}')"
  [[ "$address" == "$service_ip" ]] || lab_die "$name resolved to '$address', not the Service's $service_ip"
  lab_log "$name resolves to the Service IP $address"
done
measure "Jaeger answers through its Service from the client pod" \
  kc exec client -- curl -fsS -o /dev/null --max-time 10 "http://$fqdn:16686/api/services"
measure "Jaeger reaches itself through its own Service (hairpin)" \
  kc exec jaeger -- wget -q -T 10 -O /dev/null http://jaeger:16686/api/services
kc exec client -- sh -c 'echo smoke >/data/written && cat /data/written' | grep -qx smoke \
  || lab_die "the client pod cannot write to its PVC"
pv="$(kc get pvc data -o jsonpath='{.spec.volumeName}')"
pv_dir="$(k8s_kubectl get pv "$pv" -o jsonpath='{.spec.hostPath.path}')"
[[ -f $pv_dir/written ]] || lab_die "the pod's write is not in the PV's directory $pv_dir"
lab_log "PVC bound to $pv ($pv_dir on this machine), written from the pod"

measure "pod as uid 10001 Ready with a fresh PVC mounted" kc wait --for=condition=Ready pod/nonroot --timeout=120s
[[ "$(kc exec nonroot -- id -u)" == 10001 ]] || lab_die "the nonroot pod does not run as uid 10001"
kc exec nonroot -- sh -c 'mkdir /data/jaeger && echo nonroot >/data/jaeger/written && cat /data/jaeger/written' \
  | grep -qx nonroot || lab_die "a pod running as uid 10001 cannot write to its PVC"
nonroot_pv="$(kc get pvc nonroot-data -o jsonpath='{.spec.volumeName}')"
nonroot_dir="$(k8s_kubectl get pv "$nonroot_pv" -o jsonpath='{.spec.hostPath.path}')"
[[ "$(stat -c %u "$nonroot_dir/jaeger/written")" == 10001 ]] \
  || lab_die "the uid 10001 pod's file in $nonroot_dir is not owned by uid 10001"
lab_log "a pod as uid 10001 wrote to $nonroot_pv ($nonroot_dir, mode $(stat -c %a "$nonroot_dir"))"

node_port="$(kc get service jaeger-nodeport -o jsonpath='{.spec.ports[0].nodePort}')"
measure "Jaeger through a NodePort on the node address $K8S_NODE_IP:$node_port" \
  curl -fsS -o /dev/null --max-time 10 "http://$K8S_NODE_IP:$node_port/api/services"
# NodePorts are on the node address only (kube-proxy nodePortAddresses), not on loopback.
if curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$node_port/api/services" 2>/dev/null; then
  lab_die "the NodePort $node_port also answers on 127.0.0.1"
fi

forward_log="$K8S_LOGS/smoke-port-forward.log"
kc port-forward pod/jaeger 0:16686 --address 127.0.0.1 >"$forward_log" 2>&1 &
forward_pid=$!
port_forwarded() { sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) .*/\1/p' "$forward_log" | grep -q .; }
k8s_wait_for "kubectl port-forward listening" 30 port_forwarded
port="$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) .*/\1/p' "$forward_log" | head -1)"
measure "Jaeger query API through kubectl port-forward on 127.0.0.1:$port" \
  curl -fsS -o /dev/null --max-time 10 "http://127.0.0.1:$port/api/services"
kill "$forward_pid"; wait "$forward_pid" 2>/dev/null || true; forward_pid=""

trap - EXIT
measure "namespace deleted (pods and PVC gone)" k8s_kubectl delete namespace "$NS" --timeout=120s
measure "its PVs deleted by the provisioner (reclaimPolicy Delete)" \
  k8s_kubectl wait --for=delete "pv/$pv" "pv/$nonroot_pv" --timeout=60s
for dir in "$pv_dir" "$nonroot_dir"; do
  [[ ! -e $dir ]] || lab_die "the PV's directory $dir is still there"
done
lab_log "smoke passed in $((SECONDS - total)) s:"
for line in "${results[@]}"; do lab_log "  $line"; done

bash "$LAB_DIR/kubernetes/netpol-smoke.sh"
