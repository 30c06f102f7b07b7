# shellcheck shell=bash
# Sourced by the tiers that deploy for real (e2e, bench:deploy): provisions the Pulumi CLI and
# plugins, a Docker engine and the lab images, and exports PULUMI_HOME (the lab's own),
# DOCKER_HOST, LAB_MILVUS_IMAGE and LAB_JAEGER_IMAGE for the stacks they create.
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$LAB_DIR/pulumi/install.sh" >/dev/null
DOCKER_HOST="$(bash "$LAB_DIR/docker/engine.sh")"
images="$(bash "$LAB_DIR/images/build.sh")"
LAB_MILVUS_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/milvus:/ { print $1 }' <<<"$images")"
LAB_JAEGER_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/jaeger:/ { print $1 }' <<<"$images")"
PULUMI_HOME="$LAB_PULUMI_HOME"
export PULUMI_HOME DOCKER_HOST LAB_MILVUS_IMAGE LAB_JAEGER_IMAGE
