#!/usr/bin/env bash
# Proves that the lab cluster enforces NetworkPolicies (kube-router, netpol.sh), on the real
# thing, and prints what it measured. Run by smoke.sh; needs `up` first. In two throwaway
# namespaces, a server (the lab's Jaeger image) and its Service:
#   1. with no policy, a pod in the other namespace reaches the server through its Service;
#   2. a policy admits ingress only from pods labelled role=client in the server's namespace (any
#      port) and from namespaces labelled netpol-smoke/allowed=true (port 13133 only): the other
#      namespace's pod is now refused, a role=client pod still reaches the server, and the server
#      stays Ready (the kubelet's probes come from the node);
#   3. once its namespace carries that label, the other namespace's pod reaches port 13133, and
#      port 16686 still refuses it.
# Each wait is bounded; both namespaces are deleted at the end (also on failure).
set -euo pipefail
LAB_PART=kubernetes-netpol-smoke
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
[[ -f $K8S_KUBECONFIG ]] || lab_die "no cluster: run npm run lab:kubernetes first"
k8s_pid kube-router >/dev/null || lab_die "kube-router is not running: run npm run lab:kubernetes"

images="$(bash "$LAB_DIR/kubernetes/images.sh")"
JAEGER_IMAGE="$(grep -m1 '/jaeger:' <<<"$images")" || lab_die "no Jaeger image in: $images"
BASE_IMAGE="$(grep -m1 '/base:' <<<"$images")" || lab_die "no base image in: $images"
SERVER_NS="lab-netpol-server-$$"
OTHER_NS="lab-netpol-other-$$"
SERVER="jaeger.$SERVER_NS.svc.cluster.local"
QUERY="http://$SERVER:16686/api/services"
HEALTH="http://$SERVER:13133/status"
results=()
last_code=""
record() { results+=("$(printf '%-66s %6d ms' "$1" "$2")"); }
now_ms() { printf '%s\n' $(( ${EPOCHREALTIME/./} / 1000 )); }
cleanup() { k8s_kubectl delete namespace "$SERVER_NS" "$OTHER_NS" --wait=false >/dev/null 2>&1 || true; }
trap cleanup EXIT
total=$SECONDS

client_pod() { # NAME LABELS
  cat <<YAML
---
apiVersion: v1
kind: Pod
metadata:
  name: $1
  labels: $2
spec:
  # sleep ignores SIGTERM as PID 1: no reason to wait 30 s for it at cleanup.
  terminationGracePeriodSeconds: 1
  containers:
    - name: client
      image: $BASE_IMAGE
      imagePullPolicy: Never
      command: [sleep, "3600"]
YAML
}
k8s_kubectl create namespace "$SERVER_NS" >/dev/null
k8s_kubectl create namespace "$OTHER_NS" >/dev/null
for ns in "$SERVER_NS" "$OTHER_NS"; do
  k8s_wait_for "ServiceAccount $ns/default" 60 k8s_kubectl -n "$ns" get serviceaccount default
done
{
  cat <<YAML
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
    - {name: health, port: 13133}
YAML
  client_pod allowed '{role: client}'
} | k8s_kubectl -n "$SERVER_NS" apply -f - >/dev/null
client_pod other '{role: client}' | k8s_kubectl -n "$OTHER_NS" apply -f - >/dev/null
k8s_kubectl -n "$SERVER_NS" wait --for=condition=Ready pod/jaeger pod/allowed --timeout=120s >/dev/null
k8s_kubectl -n "$OTHER_NS" wait --for=condition=Ready pod/other --timeout=120s >/dev/null

# fetch NS POD URL: one HTTP request from the pod; prints curl's exit code (0, 7 refused, 28 timeout).
fetch() {
  local code=0
  k8s_kubectl -n "$1" exec "$2" -- curl -sS -o /dev/null --connect-timeout 3 --max-time 5 "$3" 2>/dev/null || code=$?
  printf '%s\n' "$code"
}
# until_fetch NS POD URL WANT LIMIT LABEL: retries until the request's outcome is WANT (reached
# or blocked), at most LIMIT seconds; records how long that took.
until_fetch() {
  local ns="$1" pod="$2" url="$3" want="$4" limit="$5" label="$6" started code got
  started="$(now_ms)"
  while :; do
    code="$(fetch "$ns" "$pod" "$url")"
    case $code in
      0) got=reached ;;
      7|28) got=blocked ;;
      # 6: the name did not resolve, and so on: not a verdict on the policy.
      *) lab_die "$ns/$pod: curl $url failed with exit code $code" ;;
    esac
    [[ $got == "$want" ]] && break
    (( $(now_ms) - started < limit * 1000 )) || lab_die "$label: still $got after $limit s"
    sleep 1
  done
  record "$label" $(( $(now_ms) - started ))
  last_code="$code"
}

until_fetch "$OTHER_NS" other "$QUERY" reached 30 "no policy: a pod of another namespace reaches the server"

policy_applied="$(now_ms)"
k8s_kubectl -n "$SERVER_NS" apply -f - >/dev/null <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: jaeger-ingress
spec:
  podSelector:
    matchLabels: {app: jaeger}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {role: client}
    - from:
        - namespaceSelector:
            matchLabels: {netpol-smoke/allowed: "true"}
      ports:
        - {port: 13133}
YAML
until_fetch "$OTHER_NS" other "$QUERY" blocked 30 "policy: the other namespace's pod (same labels) is blocked"
how=$([[ $last_code == 7 ]] && echo "refused (REJECT)" || echo "timed out")
lab_log "the other namespace's pod is blocked: its connection is $how"
until_fetch "$SERVER_NS" allowed "$QUERY" reached 10 "policy: a role=client pod of the server's namespace reaches it"
# Three failed probes, 2 s apart, would have made it unready by then.
elapsed=$(( ($(now_ms) - policy_applied) / 1000 ))
(( elapsed >= 8 )) || sleep $(( 8 - elapsed ))
[[ "$(k8s_kubectl -n "$SERVER_NS" get pod jaeger -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]] \
  || lab_die "the server is no longer Ready under the policy"
lab_log "the server is still Ready $(( ($(now_ms) - policy_applied) / 1000 )) s after the policy (probes every 2 s)"

k8s_kubectl label namespace "$OTHER_NS" netpol-smoke/allowed=true >/dev/null
until_fetch "$OTHER_NS" other "$HEALTH" reached 30 "namespace labelled allowed: the other one's pod reaches :13133"
code="$(fetch "$OTHER_NS" other "$QUERY")"
[[ $code == 7 || $code == 28 ]] || lab_die "port 16686, which the policy does not open to that namespace, gave curl exit code $code"
lab_log "port 16686 still refuses the other namespace's pod (curl exit code $code)"

trap - EXIT
started="$(now_ms)"
k8s_kubectl delete namespace "$SERVER_NS" "$OTHER_NS" --timeout=120s >/dev/null
record "both namespaces deleted" $(( $(now_ms) - started ))
lab_log "NetworkPolicy smoke passed in $((SECONDS - total)) s:"
for line in "${results[@]}"; do lab_log "  $line"; done
