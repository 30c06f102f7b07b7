#!/usr/bin/env bash
# Builds a Pulumi Docker provider plugin (pulumi-resource-docker) offline from real parts:
# Pulumi's Terraform bridge over the upstream Terraform docker provider, the same
# architecture as Pulumi's release (whose own module, github.com/pulumi/pulumi-docker/provider/v5,
# the Go proxy here does not serve). The glue is the lab's own code in docker-provider/:
#   shim/shim.go          added to a copy of the upstream module: exposes internal/provider.New
#   dockerinfo/info.go    tfbridge.ProviderInfo: TF names -> @pulumi/docker tokens and names
#   cmd/pulumi-tfgen-docker      tfgen over that info -> schema.json
#   cmd/pulumi-resource-docker   tfbridge.Main with the schema embedded
#   check-schema.js       compares schema.json with the SDK's .d.ts (Container/Network/Volume/provider)
# Cached in $LAB_CACHE/pulumi-resource-docker-<version>/ (version = @pulumi/docker's
# pulumi.version, default 5.2.0), rebuilt only when the glue sources change. Idempotent.
# Prints the binary path on stdout; progress on stderr.
#
# Put the binary's directory first on PATH for a Pulumi run (the engine uses provider
# binaries on PATH), or set PULUMI_DOCKER_INSTALL_PLUGIN=1 to also install it as plugin
# resource-docker-v<version> with `pulumi plugin install --file` (needs build-cli.sh).
# PULUMI_DOCKER_SKIP_CHECK=1 turns a schema/SDK name mismatch into a warning.
set -euo pipefail
LAB_PART=pulumi-docker
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
pulumi_go_env
# no_compose: leave out upstream's docker_compose (plugin-framework only, not in the SDK).
export GOFLAGS="$GOFLAGS -tags=no_compose"

NAME=docker
SRC="$PULUMI_LAB_DIR/docker-provider"
# Modules from the Go proxy (all checked 2026-11 to be served here).
UPSTREAM_MOD=github.com/kreuzwerker/terraform-provider-docker
UPSTREAM_VER=v0.0.0-20260916201441-96d331c98ff4 # upstream v4.6.0 (CHANGELOG); go.mod says terraform-providers/...
UPSTREAM_SUM=h1:T3HvvZCRd4h2qkMl+SXA2zza26Rdz8xqV81skikQWy4=
BRIDGE_VER=v3.137.0                               # github.com/pulumi/pulumi-terraform-bridge/v3
SDKFORK_VER=v2.0.0-20260318212141-5525259d096b    # github.com/pulumi/terraform-plugin-sdk/v2 (bridge's replace)
# Pseudo-versions the checksum database may not know: their sums are pinned instead.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/kreuzwerker/terraform-provider-docker,github.com/pulumi/terraform-plugin-sdk"

version="$(pulumi_provider_version "$NAME" 5.2.0)"
outdir="$LAB_CACHE/pulumi-resource-$NAME-$version"
out="$outdir/pulumi-resource-$NAME"
# The cache key: the version plus everything that goes into the build.
key="$( { printf '%s\n' "$version" "$UPSTREAM_VER" "$BRIDGE_VER" "$SDKFORK_VER" "$(go env GOVERSION)";
          sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
          cd "$SRC" && find . -type f ! -name '*~' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
if [[ -x "$out" && "$(cat "$outdir/build.key" 2>/dev/null)" == "$key" ]]; then
  lab_log "cached: $out"
  printf '%s\n' "$out"
  exit 0
fi

started=$SECONDS
dir="$LAB_CACHE/work/pulumi-resource-$NAME-$version"
rm -rf "$dir"; mkdir -p "$dir"
lab_log "scratch module: $dir"

# 1. The upstream module, writable, plus the shim package.
json="$(cd /tmp && go mod download -json "$UPSTREAM_MOD@$UPSTREAM_VER" 2>&1)" \
  || { printf '%s\n' "$json" >&2; lab_die "cannot download $UPSTREAM_MOD@$UPSTREAM_VER"; }
got="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')"
[[ "$got" == "$UPSTREAM_SUM" ]] || lab_die "$UPSTREAM_MOD@$UPSTREAM_VER has sum $got, expected $UPSTREAM_SUM"
pulumi_go_module_dir "$UPSTREAM_MOD@$UPSTREAM_VER" "$dir/upstream" >/dev/null
grep -q '^module github.com/terraform-providers/terraform-provider-docker$' "$dir/upstream/go.mod" \
  || lab_die "unexpected module path in $dir/upstream/go.mod"
mkdir -p "$dir/upstream/shim"
cp "$SRC/shim/shim.go" "$dir/upstream/shim/"

# 2. The glue module.
sed -e "s|@GO@|$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')|" -e "s|@BRIDGE@|$BRIDGE_VER|" \
    -e "s|@SDKFORK@|$SDKFORK_VER|" -e "s|@UPSTREAM@|$UPSTREAM_VER|" "$SRC/go.mod.tmpl" >"$dir/go.mod"
cp -r "$SRC/dockerinfo" "$SRC/cmd" "$dir/"
echo '{}' >"$dir/cmd/pulumi-resource-$NAME/schema.json" # placeholder until tfgen has run
lab_slow "resolving modules (bridge $BRIDGE_VER, upstream $UPSTREAM_VER)" "$dir/tidy.log" \
  bash -c 'cd "$1" && nice -n 10 go mod tidy' _ "$dir"

# 3. Schema: tfgen over the same ProviderInfo the provider serves.
ldflags="-X milvus-tracing-lab/pulumi-docker/dockerinfo.Version=$version"
pulumi_go_build "building pulumi-tfgen-$NAME" "$dir" "$dir/bin/pulumi-tfgen-$NAME" \
  ./cmd/pulumi-tfgen-$NAME "$ldflags"
mkdir -p "$dir/gen"
lab_slow "generating schema.json (tfgen schema)" "$dir/tfgen.log" \
  bash -c 'cd "$1" && UPSTREAM_DIR="$1/upstream" PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true "./bin/pulumi-tfgen-$2" schema --out gen --skip-examples' _ "$dir" "$NAME"
schema="$dir/gen/schema.json"
[[ "$(wc -c <"$schema" 2>/dev/null || echo 0)" -gt 1000 ]] || lab_die "tfgen wrote no schema (see $dir/tfgen.log)"
cp "$schema" "$dir/cmd/pulumi-resource-$NAME/schema.json"

# 4. Names against the SDK the project uses (when it is installed).
sdk="$REPO_DIR/node_modules/@pulumi/$NAME"
if [[ -f "$sdk/container.d.ts" ]]; then
  if ! node "$SRC/check-schema.js" "$schema" "$sdk" >"$dir/check-schema.log" 2>&1; then
    cat "$dir/check-schema.log" >&2
    [[ "${PULUMI_DOCKER_SKIP_CHECK:-0}" == 1 ]] || lab_die "schema names differ from @pulumi/$NAME (PULUMI_DOCKER_SKIP_CHECK=1 to go on)"
    lab_log "WARNING: schema names differ from @pulumi/$NAME"
  else
    lab_log "$(tail -n 1 "$dir/check-schema.log")"
  fi
else
  lab_log "no $sdk: schema/SDK name check skipped"
fi

# 5. The provider, schema embedded.
pulumi_go_build "building pulumi-resource-$NAME $version" "$dir" "$dir/bin/pulumi-resource-$NAME" \
  ./cmd/pulumi-resource-$NAME "$ldflags"
got="$("$dir/bin/pulumi-resource-$NAME" -version)"
[[ "$got" == "$version" ]] || lab_die "the provider reports version '$got', expected $version"
mkdir -p "$outdir"
cp "$schema" "$outdir/schema.json"
cp -f "$dir/bin/pulumi-resource-$NAME" "$out.tmp" && mv -f "$out.tmp" "$out"
printf '%s\n' "$key" >"$outdir/build.key"
lab_log "built $out in $((SECONDS - started)) s"

if [[ "${PULUMI_DOCKER_INSTALL_PLUGIN:-0}" == 1 ]]; then
  pulumi_install_plugin resource "$NAME" "$version" "$out"
fi
printf '%s\n' "$out"
