# Sourced by the lab/images scripts (after lib.sh): the Docker engine and small helpers.

# DOCKER_HOST from lab/docker/engine.sh (which starts the lab's dockerd when none answers).
lab_docker_env() {
  if [[ -z ${LAB_DOCKER_READY:-} ]]; then
    DOCKER_HOST="$(bash "$LAB_DIR/docker/engine.sh")"
    export DOCKER_HOST LAB_DOCKER_READY=1
  fi
  # The Debian engine (20.10) has no BuildKit: the legacy builder does Dockerfiles.
  export DOCKER_BUILDKIT=0
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
