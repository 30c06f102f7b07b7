#!/usr/bin/env bash
# The Go recipe (examples/clients/go) built with the machine's Go, from a copy in the lab cache
# keyed by its source's hash, with module and build caches of its own beside it. Prints the binary.
LAB_PART=clients-go
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/go-build.sh
source "$LAB_DIR/go-build.sh"
# shellcheck source=lab/clients/common.sh
source "$LAB_DIR/clients/common.sh"

src="$LAB_CLIENTS_SRC/go"
build="$LAB_CLIENTS_CACHE/go-$(cd "$src" && lab_clients_key go.mod go.sum main.go)"
bin="$build/milvus-client-go"
if [[ -x "$bin" ]]; then
  lab_log "cached: $bin"
  echo "$bin"
  exit 0
fi
export GOMODCACHE="$LAB_CLIENTS_CACHE/go/mod" GOCACHE="$LAB_CLIENTS_CACHE/go/build"
lab_go_env
rm -rf "$build"; mkdir -p "$build"
cp "$src/go.mod" "$src/go.sum" "$src/main.go" "$build/"
# shellcheck disable=SC2016  # the inner script's own positional parameters
lab_slow "go mod download ($(go env GOVERSION))" "$build/download.log" bash -c 'cd "$1" && go mod download' _ "$build"
lab_go_build "go build milvus-client-go" "$build" "$bin" .
echo "$bin"
