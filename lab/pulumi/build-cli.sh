#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js and Python language hosts from the Go module proxy and
# puts them where the npm launcher (devDependency `pulumi`) looks:
#   $PULUMI_HOME/versions/<launcher version>/bin/{pulumi,pulumi-language-nodejs,pulumi-language-python}
# (the Python host: build-python-host.sh).
# With the v3.68.0 host, pulumi-language-nodejs is the lab's own (nodejs-host/main.go: policy
# packs) in front of that host, installed beside it as pulumi-language-nodejs-sdk.
# The launcher only downloads (get.pulumi.com) when that `pulumi` file is missing.
# Built binaries are cached in $LAB_CACHE/pulumi-cli-<built version>/. Idempotent.
# Prints the bin dir on stdout.
#
# Version resolution (see README.md in this folder):
#   wanted  = the devDependency `pulumi` (lab/versions.sh)
#   built   = wanted if the module proxy serves github.com/pulumi/pulumi/pkg/v3@v<wanted>,
#             else the first of PULUMI_CLI_FALLBACK_VERSIONS it serves (loud warning).
#   host    = pulumi-language-nodejs at the release commit of <built> if the proxy serves
#             that pseudo-version, else the last host that lived inside the sdk/v3 module
#             (sdk/v3 <= 3.68.0, package sdk/v3/nodejs/cmd/pulumi-language-nodejs).
# Overrides: PULUMI_CLI_BUILD_VERSION (skip resolution), PULUMI_NODEJS_HOST (a module@version
# or "sdk@<version>").
set -euo pipefail
LAB_PART=pulumi-cli
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
lab_go_env

PULUMI_CLI_FALLBACK_VERSIONS="${PULUMI_CLI_FALLBACK_VERSIONS:-3.259.0}"
PULUMI_NODEJS_HOST_SDK_FALLBACK="${PULUMI_NODEJS_HOST_SDK_FALLBACK:-3.68.0}"
HOSTMOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

wanted="$(pulumi_cli_version)"
dest="$PULUMI_HOME/versions/$wanted/bin"
resolved="$LAB_CACHE/pulumi-cli-resolved-$wanted"   # "built-version host-spec", once resolved

proxy_has() { (cd /tmp && go mod download "$1" >/dev/null 2>&1); }

resolve_versions() {
  local built="${PULUMI_CLI_BUILD_VERSION:-}" host="${PULUMI_NODEJS_HOST:-}" v
  if [[ -z "$built" ]]; then
    for v in "$wanted" $PULUMI_CLI_FALLBACK_VERSIONS; do
      if proxy_has "$PULUMI_PKG@v$v" && proxy_has "$PULUMI_SDK@v$v"; then built="$v"; break; fi
      lab_log "the module proxy does not serve $PULUMI_PKG@v$v (or $PULUMI_SDK@v$v)"
    done
    [[ -n "$built" ]] || lab_die "no buildable CLI version among: $wanted $PULUMI_CLI_FALLBACK_VERSIONS"
  fi
  if [[ -z "$host" ]]; then
    # The host module has no tags: the pseudo-version of the commit tagged v<built>.
    local hash pseudo
    hash="$(lab_go_info "$PULUMI_SDK@v$built" Origin.Hash)"
    [[ -z "$hash" ]] && hash="$(lab_go_info "$PULUMI_PKG@v$built" Origin.Hash)"
    if [[ -n "$hash" ]]; then
      pseudo="$(lab_go_info "$HOSTMOD@$hash" Version)"
      [[ -n "$pseudo" ]] && proxy_has "$HOSTMOD@$pseudo" && host="$HOSTMOD@$pseudo"
    fi
    if [[ -z "$host" ]]; then
      lab_log "the module proxy does not serve $HOSTMOD at the v$built commit (${hash:-unknown});"
      lab_log "using the language host from $PULUMI_SDK@v$PULUMI_NODEJS_HOST_SDK_FALLBACK instead"
      host="sdk@$PULUMI_NODEJS_HOST_SDK_FALLBACK"
    fi
  fi
  printf '%s %s\n' "$built" "$host"
}

if [[ -n "${PULUMI_CLI_BUILD_VERSION:-}${PULUMI_NODEJS_HOST:-}" || ! -s "$resolved" ]]; then
  resolve_versions >"$resolved.tmp" && mv -f "$resolved.tmp" "$resolved"
fi
read -r built host <"$resolved"
[[ "$built" == "$wanted" ]] || lab_log "WARNING: launcher wants $wanted; installing a CLI built at v$built in its place"

cache="$LAB_CACHE/pulumi-cli-$built"
hostkey="$(printf '%s' "${host##*/}" | tr '@' '-')"
hostbin="$LAB_CACHE/pulumi-language-nodejs-$hostkey/pulumi-language-nodejs"
work="$LAB_CACHE/work"

# 1. The CLI: a scratch module on pkg/v3 and sdk/v3 at the same version (pulumi_pkg_scratch).
if [[ ! -x "$cache/pulumi" ]]; then
  dir="$work/pulumi-cli-$built"
  pulumi_pkg_scratch "$dir" lab.local/pulumi-cli "$built"
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving pulumi CLI v$built dependencies" "$dir/get.log" \
    bash -c 'cd "$1" && go get "$2/cmd/pulumi@v$3" "$4@v$3"' _ "$dir" "$PULUMI_PKG" "$built" "$PULUMI_SDK"
  pulumi_sdk_pinned "$dir" "$built"
  lab_go_build "building pulumi CLI v$built" "$dir" "$cache/pulumi" "$PULUMI_PKG/cmd/pulumi" "-X $PULUMI_VERSION_X=v$built"
fi

# 2. The Node.js language host.
if [[ ! -x "$hostbin" ]]; then
  dir="$work/pulumi-language-nodejs-$hostkey"
  lab_go_scratch "$dir" lab.local/pulumi-language-nodejs
  if [[ "$host" == sdk@* ]]; then
    hver="${host#sdk@}"; hpkg="$PULUMI_SDK/nodejs/cmd/pulumi-language-nodejs"
    (cd "$dir" && go mod edit -require "$PULUMI_SDK@v$hver")
    getargs=("$hpkg@v$hver")
    hx="-X $PULUMI_VERSION_X=v$hver"
  else
    hpkg="$HOSTMOD"; hver="${host##*@}"
    hmod="$(lab_go_download "$host" GoMod)"
    (
      cd "$dir"
      sed -n -E 's/^[[:space:]]*(replace[[:space:]]+)?([^ ]+)[[:space:]]*=>[[:space:]]*([^. ][^ ]*[[:space:]]+v[^ ]+)$/\2=\3/p' "$hmod" |
        while IFS='=' read -r from to; do go mod edit -replace "$from=${to// /@}"; done
      go mod edit -require "$host" -require "$PULUMI_PKG@v$built" -require "$PULUMI_SDK@v$built"
    )
    getargs=("$host" "$PULUMI_PKG@v$built" "$PULUMI_SDK@v$built")
    hx="-X $PULUMI_VERSION_X=v$built"
  fi
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving language host ($host) dependencies" "$dir/get.log" \
    bash -c 'cd "$1" && shift && go get "$@"' _ "$dir" "${getargs[@]}"
  lab_go_build "building pulumi-language-nodejs ($host)" "$dir" "$hostbin" "$hpkg" "$hx"
fi

# 2b. v3.68.0's host cannot run policy packs or component packages: CLI 3.259 asks the language host to (RunPlugin,
#     kind analyzer or resource) and it answers "not supported". The lab's own host (nodejs-host/main.go) stands
#     in front of it, runs those itself (policy packs behind sdk/v3's PolicyProxy) and relays the rest.
policyhost=""
if [[ "$host" == sdk@* ]]; then
  src="$PULUMI_LAB_DIR/nodejs-host/main.go"
  srckey="$(pulumi_host_source_key "$src")"
  policyhost="$LAB_CACHE/pulumi-language-nodejs-lab-$built-$srckey/pulumi-language-nodejs"
  if [[ ! -x "$policyhost" ]]; then
    dir="$work/pulumi-language-nodejs-lab"
    lab_go_scratch "$dir" lab.local/pulumi-language-nodejs-lab
    pulumi_host_sources "$src" "$dir"
    # shellcheck disable=SC2016  # bash -c's own positional parameters
    lab_slow "resolving the lab language host's dependencies ($PULUMI_SDK@v$built)" "$dir/get.log" \
      bash -c 'cd "$1" && go get "$2@v$3"' _ "$dir" "$PULUMI_SDK" "$built"
    lab_go_build "building the lab's pulumi-language-nodejs (policy and component packages through RunPlugin)" "$dir" "$policyhost" "."
  fi
fi

# 3. Install next to each other where the launcher looks.
mkdir -p "$dest"
install_bin() { # SRC NAME
  if ! cmp -s "$1" "$dest/$2"; then cp -f "$1" "$dest/$2.tmp" && mv -f "$dest/$2.tmp" "$dest/$2"; lab_log "installed $dest/$2"; fi
}
if [[ -n "$policyhost" ]]; then
  install_bin "$hostbin" pulumi-language-nodejs-sdk
  install_bin "$policyhost" pulumi-language-nodejs
else
  install_bin "$hostbin" pulumi-language-nodejs
  rm -f "$dest/pulumi-language-nodejs-sdk"
fi
# Dynamic providers (pulumi.dynamic.Resource) run the bundled plugin
# pulumi-resource-pulumi-nodejs, a shell shim that the @pulumi/pulumi npm package ships.
shim="$REPO_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [[ ! -f "$shim" ]]; then
  sdkver="${PULUMI_NODEJS_SDK_VERSION:-$(lab_npm_version @pulumi/pulumi)}"
  shimdir="$LAB_CACHE/pulumi-nodejs-sdk-$sdkver"
  shim="$shimdir/package/pulumi-resource-pulumi-nodejs"
  if [[ ! -f "$shim" ]]; then
    mkdir -p "$shimdir"
    (cd "$shimdir" && npm pack --silent "@pulumi/pulumi@$sdkver" >/dev/null 2>&1 &&
      tar xzf pulumi-pulumi-"$sdkver".tgz package/pulumi-resource-pulumi-nodejs && rm -f ./*.tgz) ||
      lab_die "cannot get pulumi-resource-pulumi-nodejs from @pulumi/pulumi@$sdkver"
  fi
fi
install_bin "$shim" pulumi-resource-pulumi-nodejs
chmod +x "$dest/pulumi-resource-pulumi-nodejs"
# The Python language host (`pulumi package add` and programs in examples/python).
bash "$PULUMI_LAB_DIR/build-python-host.sh" "$dest" "$built" >&2
install_bin "$cache/pulumi" pulumi
"$dest/pulumi" version >/dev/null 2>&1 || lab_die "$dest/pulumi does not run"
lab_log "pulumi $("$dest/pulumi" version 2>/dev/null) in $dest (launcher version $wanted, host $host)"
printf '%s\n' "$dest"
