# shellcheck shell=bash
# Sourced by the lab/images scripts: lib.sh, the Docker engine and the steps every image
# built on the base image shares.
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

LAB_BASE_IMAGE=milvus-tracing-lab/base:bookworm   # base.sh builds it (tag: the Debian suite)

# DOCKER_HOST from lab/docker/engine.sh (which starts the lab's dockerd when none answers).
lab_docker_env() {
  if [[ -z ${LAB_DOCKER_READY:-} ]]; then
    DOCKER_HOST="$(bash "$LAB_DIR/docker/engine.sh")"
    export DOCKER_HOST LAB_DOCKER_READY=1
  fi
  # The Debian engine (20.10) has no BuildKit: the legacy builder does Dockerfiles.
  export DOCKER_BUILDKIT=0
}

# The engine, and the base image the other images are built FROM.
lab_base_ready() {
  lab_docker_env
  lab_image_exists "$LAB_BASE_IMAGE" || bash "$LAB_DIR/images/base.sh" >/dev/null
}

lab_image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Value of a label of an image ('' when the image or the label is missing).
lab_image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//'
}

# Content hash of files/directories (sorted paths + contents), to key images by their inputs.
lab_hash_inputs() {
  local f
  for f in "$@"; do
    if [[ -d $f ]]; then
      (cd "$f" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    else
      sha256sum "$f"
    fi
  done | sed 's|  .*/|  |' | sha256sum | cut -c1-16
}

# lab_image_key INPUT...: the key of an image built FROM the base image; the base image's id
# is part of it so that a new base rebuilds the image.
lab_image_key() {
  echo "$(lab_hash_inputs "$@")-$(docker image inspect -f '{{.Id}}' "$LAB_BASE_IMAGE" | cut -c8-19)"
}

# lab_image_current IMAGE KEY: true (and says so) when IMAGE was built with KEY.
lab_image_current() {
  [[ $(lab_image_label "$1" lab.inputs) == "$2" ]] || return 1
  lab_log "$1 is there (inputs $2)"
}

# lab_image_build IMAGE KEY CTX LOGNAME [BUILD_ARG=VALUE...]: docker build of the context
# CTX (removed afterwards) FROM the base image, labelled with KEY.
lab_image_build() {
  local image="$1" key="$2" ctx="$3" log="$LAB_CACHE/logs/$4.log" a args=()
  shift 4
  for a in "$@" "BASE_IMAGE=$LAB_BASE_IMAGE"; do args+=(--build-arg "$a"); done
  mkdir -p "$LAB_CACHE/logs"
  lab_slow "docker build $image" "$log" docker build "${args[@]}" --label "lab.inputs=$key" -t "$image" "$ctx"
  rm -rf "$ctx"
  # The image this tag had before is left dangling: drop it (lab images only).
  docker image prune -f --filter label=lab.inputs >/dev/null
  lab_log "$image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}')"
}
