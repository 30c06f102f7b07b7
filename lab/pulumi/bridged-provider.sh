# shellcheck shell=bash
# Sourced by the build-provider-*.sh of Terraform-bridged providers (docker, tls): their
# builds differ only in facts, so the steps live here once. Not named build-provider-*.sh
# because install.sh runs every such script.
#
# pulumi_bridged_provider KEY=VALUE...: builds pulumi-resource-NAME offline (Pulumi's
# Terraform bridge over a copy of the upstream Terraform provider plus the lab's glue in
# NAME-provider/), caches it in $LAB_CACHE/pulumi-resource-NAME-<version>/ keyed by
# everything that goes into it, and prints the binary path on stdout.
#   name             the provider (docker): glue in NAME-provider/, info package NAMEinfo
#   upstream_mod upstream_ver upstream_sum   the upstream module as the Go proxy serves it
#                    (a pseudo-version the checksum database may not know: its sum is pinned)
#   upstream_path    the module path the upstream go.mod declares (default upstream_mod)
#   tags             extra Go build tags (optional)
#   metadata         1: a Plugin Framework provider, whose tfgen also writes
#                    bridge-metadata.json, embedded next to schema.json
#   sdk_file         a .d.ts of @pulumi/NAME whose presence means the SDK is installed
#   check            arguments to check-bridged-schema.js after SCHEMA SDK_DIR
# Env: PULUMI_<NAME>_INSTALL_PLUGIN=1 also installs the binary as a plugin (needs
# build-cli.sh); PULUMI_<NAME>_SKIP_CHECK=1 turns a schema/SDK name mismatch into a warning.
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

PULUMI_BRIDGE_VER=v3.137.0                             # github.com/pulumi/pulumi-terraform-bridge/v3
PULUMI_SDKFORK_VER=v2.0.0-20260318212141-5525259d096b  # github.com/pulumi/terraform-plugin-sdk/v2 (bridge's replace)

pulumi_bridged_provider() {
  local -A f=([tags]="" [metadata]=0 [check]="")
  local a k
  for a in "$@"; do f[${a%%=*}]="${a#*=}"; done
  for k in name upstream_mod upstream_ver upstream_sum sdk_file; do
    [[ -n "${f[$k]:-}" ]] || lab_die "pulumi_bridged_provider: $k= is missing"
  done
  local NAME="${f[name]}" UP="${f[upstream_mod]}@${f[upstream_ver]}"
  local SRC="$PULUMI_LAB_DIR/$NAME-provider" ENVNAME="PULUMI_${NAME^^}"
  local install="${ENVNAME}_INSTALL_PLUGIN" skip="${ENVNAME}_SKIP_CHECK"
  local checker="$PULUMI_LAB_DIR/check-bridged-schema.js"
  local embed=(schema.json); [[ "${f[metadata]}" == 1 ]] && embed+=(bridge-metadata.json)

  lab_go_env "${f[tags]}"
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}${f[upstream_mod]},github.com/pulumi/terraform-plugin-sdk"

  local version outdir out key
  version="$(pulumi_provider_version "$NAME")"
  outdir="$LAB_CACHE/pulumi-resource-$NAME-$version"
  out="$outdir/pulumi-resource-$NAME"
  # The key covers what goes into the binary: the facts, the Go toolchain, the glue, and the
  # build's steps as bash reads them (declare -f), so that editing a comment rebuilds nothing.
  key="$( { printf '%s\n' "$version" "$@" "$PULUMI_BRIDGE_VER" "$PULUMI_SDKFORK_VER" "$(go env GOVERSION)"
            declare -f _pulumi_bridged_build lab_go_env lab_go_language lab_go_module_dir lab_go_build
            sha256sum "$checker" | cut -d' ' -f1
            cd "$SRC" && find . -type f ! -name '*~' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
  if [[ -x "$out" && "$(cat "$outdir/build.key" 2>/dev/null)" == "$key" ]]; then
    lab_log "cached: $out"
  else
    _pulumi_bridged_build
  fi
  [[ "${!install:-0}" != 1 ]] || pulumi_install_plugin resource "$NAME" "$version" "$out"
  printf '%s\n' "$out"
}

# The uncached build; uses pulumi_bridged_provider's locals.
_pulumi_bridged_build() {
  local started=$SECONDS dir="$LAB_CACHE/work/pulumi-resource-$NAME-$version" got a
  rm -rf "$dir"; mkdir -p "$dir"
  lab_log "scratch module: $dir"

  # 1. The upstream module, writable, plus the shim package.
  lab_go_module_dir "$UP" "$dir/upstream" "${f[upstream_sum]}" >/dev/null
  grep -qxF "module ${f[upstream_path]:-${f[upstream_mod]}}" "$dir/upstream/go.mod" \
    || lab_die "unexpected module path in $dir/upstream/go.mod"
  mkdir -p "$dir/upstream/shim"
  cp "$SRC/shim/shim.go" "$dir/upstream/shim/"

  # 2. The glue module; the embedded files are placeholders until tfgen has run.
  sed -e "s|@GO@|$(lab_go_language)|" -e "s|@BRIDGE@|$PULUMI_BRIDGE_VER|" \
      -e "s|@SDKFORK@|$PULUMI_SDKFORK_VER|" -e "s|@UPSTREAM@|${f[upstream_ver]}|" "$SRC/go.mod.tmpl" >"$dir/go.mod"
  cp -r "$SRC/${NAME}info" "$SRC/cmd" "$dir/"
  for a in "${embed[@]}"; do echo '{}' >"$dir/cmd/pulumi-resource-$NAME/$a"; done
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "resolving modules (bridge $PULUMI_BRIDGE_VER, upstream ${f[upstream_ver]})" "$dir/tidy.log" \
    bash -c 'cd "$1" && nice -n 10 go mod tidy' _ "$dir"

  # 3. Schema: tfgen over the same ProviderInfo the provider serves.
  local ldflags="-X milvus-tracing-lab/pulumi-$NAME/${NAME}info.Version=$version"
  lab_go_build "building pulumi-tfgen-$NAME" "$dir" "$dir/bin/pulumi-tfgen-$NAME" "./cmd/pulumi-tfgen-$NAME" "$ldflags"
  mkdir -p "$dir/gen"
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  lab_slow "generating schema.json (tfgen schema)" "$dir/tfgen.log" \
    bash -c 'cd "$1" && UPSTREAM_DIR="$1/upstream" PULUMI_SKIP_UPDATE_CHECK=true \
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true "./bin/pulumi-tfgen-$2" schema --out gen --skip-examples' _ "$dir" "$NAME"
  local schema="$dir/gen/schema.json"
  [[ "$(wc -c <"$schema" 2>/dev/null || echo 0)" -gt 1000 ]] || lab_die "tfgen wrote no schema (see $dir/tfgen.log)"
  for a in "${embed[@]}"; do
    [[ -s "$dir/gen/$a" ]] || lab_die "tfgen wrote no $a (see $dir/tfgen.log)"
    cp "$dir/gen/$a" "$dir/cmd/pulumi-resource-$NAME/"
  done

  # 4. Names against the SDK the project uses (when it is installed).
  local sdk="$REPO_DIR/node_modules/@pulumi/$NAME" args
  read -ra args <<<"${f[check]}"
  if [[ ! -f "$sdk/${f[sdk_file]}" ]]; then
    lab_log "no $sdk: schema/SDK name check skipped"
  elif node "$checker" "$schema" "$sdk" "${args[@]}" >"$dir/check-schema.log" 2>&1; then
    lab_log "$(tail -n 1 "$dir/check-schema.log")"
  else
    cat "$dir/check-schema.log" >&2
    [[ "${!skip:-0}" == 1 ]] || lab_die "schema names differ from @pulumi/$NAME ($skip=1 to go on)"
    lab_log "WARNING: schema names differ from @pulumi/$NAME"
  fi

  # 5. The provider, with the tfgen output embedded.
  lab_go_build "building pulumi-resource-$NAME $version" "$dir" "$dir/bin/pulumi-resource-$NAME" \
    "./cmd/pulumi-resource-$NAME" "$ldflags"
  got="$("$dir/bin/pulumi-resource-$NAME" -version)"
  [[ "$got" == "$version" ]] || lab_die "the provider reports version '$got', expected $version"
  mkdir -p "$outdir"
  for a in "${embed[@]}"; do cp "$dir/gen/$a" "$outdir/"; done
  cp -f "$dir/bin/pulumi-resource-$NAME" "$out.tmp" && mv -f "$out.tmp" "$out"
  printf '%s\n' "$key" >"$outdir/build.key"
  lab_log "built $out in $((SECONDS - started)) s"
}
