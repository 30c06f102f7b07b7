#!/usr/bin/env bash
# Builds a Pulumi TLS provider plugin (pulumi-resource-tls) offline from real parts:
# Pulumi's Terraform bridge (its Plugin Framework half, pkg/pf in bridge v3) over the
# upstream Terraform tls provider, the same architecture as Pulumi's release (whose own
# module, github.com/pulumi/pulumi-tls/provider/v5, the Go proxy here does not serve).
# The glue is the lab's own code in tls-provider/:
#   shim/shim.go          added to a copy of the upstream module: exposes internal/provider.New
#   tlsinfo/info.go       tfbridge.ProviderInfo: TF names -> @pulumi/tls tokens and names
#   cmd/pulumi-tfgen-tls      pf tfgen over that info -> schema.json + bridge-metadata.json
#   cmd/pulumi-resource-tls   pf tfbridge.Main with both embedded
#   check-schema.js       compares schema.json with the SDK's .d.ts (all resources/functions/config)
# Cached in $LAB_CACHE/pulumi-resource-tls-<version>/ (version = @pulumi/tls's
# pulumi.version, default 5.6.1), rebuilt only when the glue sources change. Idempotent.
# Prints the binary path on stdout; progress on stderr.
#
# Put the binary's directory first on PATH for a Pulumi run, or set
# PULUMI_TLS_INSTALL_PLUGIN=1 to also install it as plugin resource-tls-v<version>
# (install.sh does that for every build-provider-*.sh).
# PULUMI_TLS_SKIP_CHECK=1 turns a schema/SDK name mismatch into a warning.
set -euo pipefail
LAB_PART=pulumi-tls
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
pulumi_go_env

NAME=tls
SRC="$PULUMI_LAB_DIR/tls-provider"
# Modules from the Go proxy (checked 2026-11 to be served here).
UPSTREAM_MOD=github.com/hashicorp/terraform-provider-tls
UPSTREAM_VER=v1.2.1-0.20260819085117-d044ca7c6f52 # upstream 4.3.0+ (CHANGELOG); has the *_pem_wo attributes @pulumi/tls 5.6.1 has
UPSTREAM_SUM=h1:OkrSFu8qDejgePpM9ikmq324Qh559Go7JfLEWP0a+mQ=
BRIDGE_VER=v3.137.0                               # github.com/pulumi/pulumi-terraform-bridge/v3 (pkg/pf inside)
SDKFORK_VER=v2.0.0-20260318212141-5525259d096b    # github.com/pulumi/terraform-plugin-sdk/v2 (bridge's replace)
# Pseudo-versions the checksum database may not know: their sums are pinned instead.
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/hashicorp/terraform-provider-tls,github.com/pulumi/terraform-plugin-sdk"

version="$(pulumi_provider_version "$NAME" 5.6.1)"
outdir="$LAB_CACHE/pulumi-resource-$NAME-$version"
out="$outdir/pulumi-resource-$NAME"
# The cache key: the version plus everything that goes into the build.
key="$( { printf '%s\n' "$version" "$UPSTREAM_VER" "$BRIDGE_VER" "$SDKFORK_VER" "$(go env GOVERSION)";
          sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
          cd "$SRC" && find . -type f ! -name '*~' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
if [[ -x "$out" && "$(cat "$outdir/build.key" 2>/dev/null)" == "$key" ]]; then
  lab_log "cached: $out"
  [[ "${PULUMI_TLS_INSTALL_PLUGIN:-0}" == 1 ]] && pulumi_install_plugin resource "$NAME" "$version" "$out"
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
grep -q "^module $UPSTREAM_MOD\$" "$dir/upstream/go.mod" || lab_die "unexpected module path in $dir/upstream/go.mod"
mkdir -p "$dir/upstream/shim"
cp "$SRC/shim/shim.go" "$dir/upstream/shim/"

# 2. The glue module.
sed -e "s|@GO@|$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')|" -e "s|@BRIDGE@|$BRIDGE_VER|" \
    -e "s|@SDKFORK@|$SDKFORK_VER|" -e "s|@UPSTREAM@|$UPSTREAM_VER|" "$SRC/go.mod.tmpl" >"$dir/go.mod"
cp -r "$SRC/tlsinfo" "$SRC/cmd" "$dir/"
# placeholders until tfgen has run
echo '{}' >"$dir/cmd/pulumi-resource-$NAME/schema.json"
echo '{}' >"$dir/cmd/pulumi-resource-$NAME/bridge-metadata.json"
lab_slow "resolving modules (bridge $BRIDGE_VER, upstream $UPSTREAM_VER)" "$dir/tidy.log" \
  bash -c 'cd "$1" && nice -n 10 go mod tidy' _ "$dir"

# 3. Schema: tfgen over the same ProviderInfo the provider serves.
ldflags="-X milvus-tracing-lab/pulumi-tls/tlsinfo.Version=$version"
pulumi_go_build "building pulumi-tfgen-$NAME" "$dir" "$dir/bin/pulumi-tfgen-$NAME" \
  ./cmd/pulumi-tfgen-$NAME "$ldflags"
mkdir -p "$dir/gen"
lab_slow "generating schema.json (tfgen schema)" "$dir/tfgen.log" \
  bash -c 'cd "$1" && UPSTREAM_DIR="$1/upstream" PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true "./bin/pulumi-tfgen-$2" schema --out gen --skip-examples' _ "$dir" "$NAME"
schema="$dir/gen/schema.json"
[[ "$(wc -c <"$schema" 2>/dev/null || echo 0)" -gt 1000 ]] || lab_die "tfgen wrote no schema (see $dir/tfgen.log)"
[[ -s "$dir/gen/bridge-metadata.json" ]] || lab_die "tfgen wrote no bridge-metadata.json (see $dir/tfgen.log)"
cp "$schema" "$dir/gen/bridge-metadata.json" "$dir/cmd/pulumi-resource-$NAME/"

# 4. Names against the SDK the project uses (when it is installed).
sdk="$REPO_DIR/node_modules/@pulumi/$NAME"
if [[ -f "$sdk/privateKey.d.ts" ]]; then
  if ! node "$SRC/check-schema.js" "$schema" "$sdk" >"$dir/check-schema.log" 2>&1; then
    cat "$dir/check-schema.log" >&2
    [[ "${PULUMI_TLS_SKIP_CHECK:-0}" == 1 ]] || lab_die "schema names differ from @pulumi/$NAME (PULUMI_TLS_SKIP_CHECK=1 to go on)"
    lab_log "WARNING: schema names differ from @pulumi/$NAME"
  else
    lab_log "$(tail -n 1 "$dir/check-schema.log")"
  fi
else
  lab_log "no $sdk: schema/SDK name check skipped"
fi

# 5. The provider, schema and metadata embedded.
pulumi_go_build "building pulumi-resource-$NAME $version" "$dir" "$dir/bin/pulumi-resource-$NAME" \
  ./cmd/pulumi-resource-$NAME "$ldflags"
got="$("$dir/bin/pulumi-resource-$NAME" -version)"
[[ "$got" == "$version" ]] || lab_die "the provider reports version '$got', expected $version"
mkdir -p "$outdir"
cp "$schema" "$dir/gen/bridge-metadata.json" "$outdir/"
cp -f "$dir/bin/pulumi-resource-$NAME" "$out.tmp" && mv -f "$out.tmp" "$out"
printf '%s\n' "$key" >"$outdir/build.key"
lab_log "built $out in $((SECONDS - started)) s"

if [[ "${PULUMI_TLS_INSTALL_PLUGIN:-0}" == 1 ]]; then
  pulumi_install_plugin resource "$NAME" "$version" "$out"
fi
printf '%s\n' "$out"
