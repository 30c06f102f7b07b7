#!/usr/bin/env bash
# Imports the lab's Docker images (lab/images/build.sh) into the lab containerd's k8s.io
# namespace, so that pods naming them run without a pull. An image is re-imported only when its
# Docker image id changed. Prints each image's name inside containerd on stdout.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=lab/images/common.sh
source "$LAB_DIR/images/common.sh"

lab_docker_env
STAMPS="$K8S_LAB/containerd/imported"
mkdir -p "$STAMPS"
ctr_k8s() { ctr --address "$K8S_CONTAINERD_SOCK" -n k8s.io "$@"; }
# On a cluster left running, containerd.sh (which imports it first) does not run again.
k8s_import_pause
present="$(ctr_k8s images ls -q)"

while read -r image _; do
  [[ -n $image ]] || continue
  # containerd keeps the fully qualified name that the kubelet resolves a short name to.
  case "${image%%/*}" in
    *.*|*:*|localhost) qualified="$image" ;;
    *) [[ $image == */* ]] && qualified="docker.io/$image" || qualified="docker.io/library/$image" ;;
  esac
  id="$(docker image inspect -f '{{.Id}}' "$image")"
  stamp="$STAMPS/$(printf '%s' "$qualified" | tr '/:' '__')"
  if [[ "$(cat "$stamp" 2>/dev/null)" == "$id" ]] && grep -qxF "$qualified" <<<"$present"; then
    lab_log "$qualified is current in containerd"
  else
    started=$SECONDS
    docker save "$image" | ctr_k8s images import - >/dev/null
    printf '%s\n' "$id" >"$stamp"
    lab_log "imported $qualified in $((SECONDS - started)) s"
  fi
  printf '%s\n' "$qualified"
done < <(bash "$LAB_DIR/images/build.sh")
