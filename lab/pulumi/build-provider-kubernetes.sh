#!/usr/bin/env bash
# Builds the Pulumi Kubernetes provider (pulumi-resource-kubernetes) from the Go module
# proxy and installs it as a plugin with `pulumi plugin install --file` (offline).
# Cached in $LAB_CACHE/pulumi-resource-kubernetes-<built version>/. Idempotent.
# Prints the binary path on stdout. Needs build-cli.sh first (for the install step).
#
# The module github.com/pulumi/pulumi-kubernetes/provider/v4 has no tags of its own:
# a release is the pseudo-version of the commit tagged v<version>. Its go.mod replaces
# sdk/v4 => ../sdk (dropped here: the published sdk/v4 of the same release is used), and
# its main embeds schema-embed.json / terraform-mapping-embed.json, which upstream makes
# with `VERSION=<v> go generate cmd/pulumi-resource-kubernetes/main.go` (Makefile target
# k8sprovider) from the committed schema.json / terraform-mapping.json. The version is
# set with -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=<v>.
#
# Version resolution:
#   wanted = the plugin version @pulumi/kubernetes asks for (lab/versions.sh)
#   1. KNOWN below (version, pseudo-version of the release commit, h1 sum) if it lists wanted;
#   2. else the commit of the sdk/v<wanted> tag (a child of the release commit with the same
#      provider/ tree) through the proxy: go list -m -json .../sdk/v4@v<wanted> -> Origin.Hash,
#      then go list -m -json .../provider/v4@<hash> -> pseudo-version;
#   3. else the newest KNOWN entry the proxy serves, installed under its own version AND
#      under <wanted> (the engine only takes an exact version match), with a warning.
# Override: PULUMI_KUBERNETES_BUILD="<version> <pseudo-version>".
set -euo pipefail
LAB_PART=pulumi-kubernetes
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
lab_go_env

NAME=kubernetes
PMOD=github.com/pulumi/pulumi-kubernetes/provider/v4
SMOD=github.com/pulumi/pulumi-kubernetes/sdk/v4
# Release commits the module proxy here serves (checked 2026-11): version, pseudo, h1 sum.
# (The proxy's checksum database does not list these pseudo-versions, so the sum is
# pinned here and checked instead.)
KNOWN=(
  "4.25.0 v4.0.0-20260115033456-f47bc2d6f199 h1:j2bphCf7c2YhnBrhwht2f3TNRRgcMImltUlAgzxr9H4="
)
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi-kubernetes"

wanted="$(pulumi_provider_version "$NAME")"
resolved="$LAB_CACHE/pulumi-resource-$NAME-resolved-$wanted"

resolve() {
  local e v p s hash pseudo
  if [[ -n "${PULUMI_KUBERNETES_BUILD:-}" ]]; then printf '%s -\n' "$PULUMI_KUBERNETES_BUILD"; return; fi
  for e in "${KNOWN[@]}"; do
    read -r v p s <<<"$e"
    [[ "$v" == "$wanted" ]] && { printf '%s %s %s\n' "$v" "$p" "$s"; return; }
  done
  hash="$(lab_go_info "$SMOD@v$wanted" Origin.Hash)"
  if [[ -n "$hash" ]]; then
    pseudo="$(lab_go_info "$PMOD@$hash" Version)"
    if [[ -n "$pseudo" ]] && (cd /tmp && go mod download "$PMOD@$pseudo" >/dev/null 2>&1); then
      printf '%s %s -\n' "$wanted" "$pseudo"; return
    fi
  fi
  lab_log "the module proxy serves no $PMOD for release $wanted (sdk tag commit: ${hash:-unknown})"
  for ((i = ${#KNOWN[@]} - 1; i >= 0; i--)); do
    read -r v p s <<<"${KNOWN[$i]}"
    if (cd /tmp && go mod download "$PMOD@$p" >/dev/null 2>&1); then printf '%s %s %s\n' "$v" "$p" "$s"; return; fi
  done
  lab_die "no buildable $PMOD version"
}

if [[ -n "${PULUMI_KUBERNETES_BUILD:-}" || ! -s "$resolved" ]]; then
  resolve >"$resolved.tmp" && mv -f "$resolved.tmp" "$resolved"
fi
read -r built pseudo sum <"$resolved"

out="$LAB_CACHE/pulumi-resource-$NAME-$built/pulumi-resource-$NAME"
if [[ ! -x "$out" ]]; then
  dir="$LAB_CACHE/work/pulumi-resource-$NAME-$built"
  [[ "$sum" != - ]] || sum=""
  lab_go_module_dir "$PMOD@$pseudo" "$dir" "$sum" >/dev/null
  (
    cd "$dir"
    # Published sdk/v4 of the same release instead of the ../sdk replace.
    go mod edit -dropreplace "$SMOD" -require "$SMOD@v$built"
  )
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving kubernetes provider $built dependencies" "$dir/get.log" \
    bash -c 'cd "$1" && go get "$2@v$3"' _ "$dir" "$SMOD" "$built"
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "generating schema-embed.json (go generate)" "$dir/generate.log" \
    bash -c 'cd "$1" && VERSION="$2" nice -n 10 go generate ./cmd/pulumi-resource-kubernetes' _ "$dir" "$built"
  for f in schema-embed.json terraform-mapping-embed.json; do
    [[ -s "$dir/cmd/pulumi-resource-kubernetes/$f" ]] || lab_die "go generate did not write $f"
  done
  lab_go_build "building pulumi-resource-kubernetes $built" "$dir" "$out" \
    "$PMOD/cmd/pulumi-resource-kubernetes" "-X $PMOD/pkg/version.Version=$built"
fi

pulumi_install_plugin resource "$NAME" "$built" "$out"
if [[ "$built" != "$wanted" ]]; then
  lab_log "WARNING: @pulumi/$NAME asks for plugin $wanted; installing the $built build under $wanted too"
  pulumi_install_plugin resource "$NAME" "$wanted" "$out"
fi
printf '%s\n' "$out"
