# shellcheck shell=bash
# Sourced by the tiers that deploy for real (e2e, bench:deploy): provisions the Pulumi CLI and
# plugins, a Docker engine and the lab images, and exports PULUMI_HOME (the lab's own),
# DOCKER_HOST and, for each lab image milvus-tracing-lab/<service>:<tag>, LAB_<SERVICE>_IMAGE
# (LAB_MILVUS_IMAGE, LAB_JAEGER_IMAGE, ...) for the stacks they create.
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$LAB_DIR/pulumi/install.sh" >/dev/null
DOCKER_HOST="$(bash "$LAB_DIR/docker/engine.sh")"
images="$(bash "$LAB_DIR/images/build.sh")"
while read -r image; do
  service="${image#milvus-tracing-lab/}"
  service="${service%%:*}"
  service="${service//-/_}"
  declare -gx "LAB_${service^^}_IMAGE=$image"
done < <(awk '$1 ~ /^milvus-tracing-lab\// { print $1 }' <<<"$images")
PULUMI_HOME="$LAB_PULUMI_HOME"
export PULUMI_HOME DOCKER_HOST
