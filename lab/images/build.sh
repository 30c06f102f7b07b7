#!/usr/bin/env bash
# Builds the lab's images in order (base, milvus, jaeger) on the engine of
# lab/docker/engine.sh, each skipped when it is up to date, and prints a summary:
# one line per image on stdout (name, id, size), the DOCKER_HOST to use on stderr.
LAB_PART=images
# shellcheck source=lab/images/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

started=$SECONDS
lab_docker_env
images=()
images+=("$(bash "$LAB_DIR/images/base.sh")")
images+=("$(bash "$LAB_DIR/images/milvus/build.sh")")
images+=("$(LAB_JAEGER_WAIT_MINUTES="${LAB_JAEGER_WAIT_MINUTES:-60}" bash "$LAB_DIR/images/jaeger/build.sh")")

lab_log "images ready in $((SECONDS - started)) s; DOCKER_HOST=$DOCKER_HOST"
for image in "${images[@]}"; do
  docker image inspect -f "$image {{ slice .Id 7 19 }} {{ .Size }}" "$image" \
    | awk '{ printf "%s\t%s\t%d MB\n", $1, $2, $3 / 1e6 }'
done
