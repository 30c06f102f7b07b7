#!/usr/bin/env bash
# Builds the lab's Python language host and installs it beside the CLI (build-cli.sh calls it):
#   DEST/pulumi-language-python        the lab's host (python-host/main.go), built with pkg/v3 and
#                                      sdk/v3 at the CLI's version: GeneratePackage and Link, and
#                                      the project's virtualenv for the inner host
#   DEST/pulumi-language-python-sdk    the last Python host the module proxy serves (inside sdk/v3,
#                                      v3.68.0; the host module of later releases answers 403)
#   DEST/pulumi-language-python-exec   that host's exec shim (a Python script from the same module)
# Binaries are cached in $LAB_CACHE keyed by version (and by main.go's hash). Idempotent.
# Usage: build-python-host.sh DEST BUILT_CLI_VERSION. Logs on stderr only.
set -euo pipefail
LAB_PART=pulumi-python-host
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
lab_go_env

dest="$1" built="$2"
PULUMI_PYTHON_HOST_SDK="${PULUMI_PYTHON_HOST_SDK:-3.68.0}"
work="$LAB_CACHE/work"

# 1. v3.68.0's host and its exec shim.
sdkhost="$LAB_CACHE/pulumi-language-python-sdk-$PULUMI_PYTHON_HOST_SDK"
if [[ ! -x "$sdkhost/pulumi-language-python" || ! -f "$sdkhost/pulumi-language-python-exec" ]]; then
  dir="$work/pulumi-language-python-sdk-$PULUMI_PYTHON_HOST_SDK"
  lab_go_scratch "$dir" lab.local/pulumi-language-python
  (cd "$dir" && go mod edit -require "$PULUMI_SDK@v$PULUMI_PYTHON_HOST_SDK")
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving the Python language host ($PULUMI_SDK@v$PULUMI_PYTHON_HOST_SDK) dependencies" "$dir/get.log" \
    bash -c 'cd "$1" && go get "$2/python/cmd/pulumi-language-python@v$3"' _ "$dir" "$PULUMI_SDK" "$PULUMI_PYTHON_HOST_SDK"
  lab_go_build "building pulumi-language-python ($PULUMI_SDK@v$PULUMI_PYTHON_HOST_SDK)" "$dir" \
    "$sdkhost/pulumi-language-python" "$PULUMI_SDK/python/cmd/pulumi-language-python" "-X $PULUMI_VERSION_X=v$PULUMI_PYTHON_HOST_SDK"
  moddir="$(lab_go_download "$PULUMI_SDK@v$PULUMI_PYTHON_HOST_SDK" Dir)"
  cp -f "$moddir/python/cmd/pulumi-language-python-exec" "$sdkhost/pulumi-language-python-exec.tmp"
  chmod 755 "$sdkhost/pulumi-language-python-exec.tmp"
  mv -f "$sdkhost/pulumi-language-python-exec.tmp" "$sdkhost/pulumi-language-python-exec"
fi

# 2. The lab's host in front of it, with pkg/v3's Python code generator at the CLI's version
#    (a pkg scratch module, as for the CLI).
src="$PULUMI_LAB_DIR/python-host/main.go"
srckey="$(pulumi_host_source_key "$src")"
labhost="$LAB_CACHE/pulumi-language-python-lab-$built-$srckey/pulumi-language-python"
if [[ ! -x "$labhost" ]]; then
  dir="$work/pulumi-language-python-lab"
  pulumi_pkg_scratch "$dir" lab.local/pulumi-language-python-lab "$built"
  pulumi_host_sources "$src" "$dir"
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving the lab Python host's dependencies ($PULUMI_PKG@v$built)" "$dir/get.log" \
    bash -c 'cd "$1" && go get "$2@v$4" "$3@v$4" && go mod tidy' _ "$dir" "$PULUMI_PKG" "$PULUMI_SDK" "$built"
  pulumi_sdk_pinned "$dir" "$built"
  lab_go_build "building the lab's pulumi-language-python (GeneratePackage, Link, virtualenv options)" "$dir" "$labhost" "."
fi

# 3. Beside the CLI, where it looks for language hosts.
mkdir -p "$dest"
install_file() { # SRC NAME
  if ! cmp -s "$1" "$dest/$2"; then
    cp -f "$1" "$dest/$2.tmp" && chmod 755 "$dest/$2.tmp" && mv -f "$dest/$2.tmp" "$dest/$2"
    lab_log "installed $dest/$2"
  fi
}
install_file "$sdkhost/pulumi-language-python" pulumi-language-python-sdk
install_file "$sdkhost/pulumi-language-python-exec" pulumi-language-python-exec
install_file "$labhost" pulumi-language-python
