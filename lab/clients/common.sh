# shellcheck shell=bash
# Shared by the client recipes' builds (python.sh, java.sh, go.sh): where their toolchain caches
# live, and the content key of a recipe. Source it after lib.sh; do not run it.
# Everything sits under one folder, so that a cold run can be measured by moving it aside.
LAB_CLIENTS_CACHE="$LAB_CACHE/clients"
# shellcheck disable=SC2034  # read by the scripts that source this
LAB_CLIENTS_SRC="$REPO_DIR/examples/clients"
mkdir -p "$LAB_CLIENTS_CACHE"

# lab_clients_key FILE...: a short hash of the files' content; a changed recipe or pin is a new
# cache entry, an unchanged one is reused.
lab_clients_key() { cat "$@" | sha256sum | cut -c1-12; }
