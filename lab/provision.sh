#!/usr/bin/env bash
# `npm run lab`: provisions every real part from the package registries, in order, and prints
# how long each took. Everything is cached under $LAB_CACHE keyed by version: the first run
# builds (tens of minutes on 2 cores), later runs only check.
LAB_PART=lab
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

timings=()
part() {
  local label="$1"; shift
  local started=$SECONDS
  lab_log "== $label"
  "$@" >/dev/null
  timings+=("$(printf '%-44s %5d s' "$label" $((SECONDS - started)))")
}

total=$SECONDS
part "Pulumi CLI, Node host, provider plugins" bash "$LAB_DIR/pulumi/install.sh"
part "Docker engine" bash "$LAB_DIR/docker/engine.sh"
part "Jaeger v2 (Go build)" bash "$LAB_DIR/jaeger/build.sh"
part "images: base, Milvus (PyPI wheel), Jaeger" bash "$LAB_DIR/images/build.sh"
part "Milvus 2.3 from PyPI (integration tier)" bash "$LAB_DIR/milvus/install.sh"
part "Docker Compose v2 (bench:deploy)" bash "$LAB_DIR/docker/compose.sh"

lab_log "lab ready in $((SECONDS - total)) s:"
for line in "${timings[@]}"; do lab_log "  $line"; done
