#!/usr/bin/env bash
# Makes Docker Compose v2 (`docker compose`, the CLI plugin) available and prints the path
# of the plugin binary on stdout. Idempotent; the build is cached under $LAB_CACHE, keyed by
# version, so a warm run only checks the binary and the plugin copy.
#
# Where it comes from: Debian bookworm has only the python Compose v1 (docker-compose 1.29.2,
# no `up --wait`) and no docker-compose-plugin / docker-compose-v2 package; so the plugin is
# built from the Go module proxy: github.com/docker/compose/v2/cmd, static (CGO_ENABLED=0),
# in a scratch module, as upstream's Makefile does (-tags e2e, -X internal.Version).
#
# Version pin: v2.40.3 is the newest v2 the proxy here serves (v2.40.1, v2.40.4 and v2.41.0
# answer 403). Later releases are a new module, github.com/docker/compose/v5 (not used).
#
# Env: LAB_COMPOSE_VERSION (default below; must be a github.com/docker/compose/v2 version),
#      DOCKER_CONFIG (default ~/.docker: the plugin goes to $DOCKER_CONFIG/cli-plugins).
LAB_PART=compose
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/go-build.sh
source "$LAB_DIR/go-build.sh"

COMPOSE_VERSION="${LAB_COMPOSE_VERSION:-v2.40.3}"
COMPOSE_MODULE=github.com/docker/compose/v2

out_dir="$LAB_CACHE/docker-compose-$COMPOSE_VERSION"
bin="$out_dir/docker-compose"
plugin_dir="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
plugin="$plugin_dir/docker-compose"

install_plugin() {
  mkdir -p "$plugin_dir"
  if ! cmp -s "$bin" "$plugin"; then
    cp -f "$bin" "$plugin.tmp.$$" && chmod 0755 "$plugin.tmp.$$" && mv -f "$plugin.tmp.$$" "$plugin"
    lab_log "installed the plugin: $plugin"
  fi
  # The CLI lists plugins without needing an engine; `docker compose version` runs the plugin.
  local v
  if command -v docker >/dev/null; then
    v="$(docker compose version --short 2>/dev/null)" \
      || lab_die "docker compose does not run (plugin: $plugin)"
    [[ "v${v#v}" == "$COMPOSE_VERSION" ]] \
      || lab_die "docker compose reports version '$v', expected $COMPOSE_VERSION (another plugin earlier in the search path?)"
  else
    lab_log "no docker CLI on PATH: the plugin is in place, but unchecked"
  fi
  echo "$plugin"
}

if [[ -x "$bin" ]]; then
  lab_log "cached: $bin"
  install_plugin
  exit 0
fi

mkdir -p "$out_dir"
# One build at a time (several lab scripts may call this at once).
exec 9>"$out_dir/build.lock"
flock -w 1800 9 || lab_die "another compose.sh holds $out_dir/build.lock"
if [[ -x "$bin" ]]; then
  lab_log "built meanwhile: $bin"
  install_plugin
  exit 0
fi

# Upstream's Makefile builds with -tags e2e.
lab_go_env e2e

src="$out_dir/src"
lab_go_scratch "$src" lab.local/compose-build
cd "$src" || exit

started=$SECONDS
mod_dir="$(lab_go_download "$COMPOSE_MODULE@$COMPOSE_VERSION" Dir)"
[[ -f "$mod_dir/go.mod" ]] || lab_die "no go.mod in the downloaded compose module ($mod_dir)"

# A dependency's replace directives are ignored by the main module: repeat compose's own
# (non-local ones; some older v2 releases had several, v2.40.3 has none).
while read -r old new; do
  [[ -n "$old" ]] || continue
  [[ "$new" == ./* || "$new" == ../* || "$new" == /* ]] && continue
  lab_log "repeating compose's replace $old => $new"
  go mod edit -replace="$old=$new"
done < <(go mod edit -print "$mod_dir/go.mod" | awk '
  /^replace \($/ { inblk = 1; next }
  inblk && /^\)$/ { inblk = 0; next }
  inblk || /^replace / {
    line = $0; sub(/^replace /, "", line); sub(/[ \t]*\/\/.*$/, "", line); sub(/^[ \t]+/, "", line)
    if (line !~ / => /) next
    split(line, side, " => "); split(side[1], o, " "); split(side[2], n, " ")
    old = o[1]; if (o[2] != "") old = old "@" o[2]
    new = n[1]; if (n[2] != "") new = new "@" n[2]
    print old, new
  }')

# Seed go.sum from compose's own (compose itself is verified against the checksum database):
# spares a checksum-database look-up per dependency, some of which may not answer here.
sort -u "$mod_dir/go.sum" > go.sum

lab_slow "go get $COMPOSE_MODULE/cmd@$COMPOSE_VERSION" "$out_dir/get.log" \
  go get "$COMPOSE_MODULE/cmd@$COMPOSE_VERSION"

lab_go_build "go build docker-compose $COMPOSE_VERSION (static; a cold build takes minutes)" \
  "$src" "$bin" "$COMPOSE_MODULE/cmd" "-X $COMPOSE_MODULE/internal.Version=$COMPOSE_VERSION"
lab_log "built $bin in $((SECONDS - started)) s"
install_plugin
