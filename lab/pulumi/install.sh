#!/usr/bin/env bash
# Installs the offline Pulumi toolchain: the CLI + Node.js language host (build-cli.sh),
# then the provider build scripts in this folder (build-provider-*.sh), each of which
# installs its binary as a plugin. Idempotent; a warm run only checks the cache.
# Usage: install.sh [PLUGIN...]: only those providers (npm start asks for what its stack needs,
# e.g. `docker`); none given: all of them (the test tiers need all three).
# Summary on stderr; the CLI bin dir on stdout.
set -euo pipefail
LAB_PART=pulumi-install
# shellcheck source=lab/pulumi/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

# Which providers, checked before minutes of building.
shopt -s nullglob
all=("$PULUMI_LAB_DIR"/build-provider-*.sh)
scripts=()
if (($#)); then
  for name in "$@"; do
    if [[ ! -f "$PULUMI_LAB_DIR/build-provider-$name.sh" ]]; then
      have=("${all[@]##*/build-provider-}")
      lab_die "no lab build for a $name provider (have: ${have[*]%.sh})"
    fi
    scripts+=("$PULUMI_LAB_DIR/build-provider-$name.sh")
  done
else
  scripts=("${all[@]}")
fi

started=$SECONDS
summary=()

# The CLI builds while the providers do: a first build spends minutes fetching and unpacking
# modules, which leaves the cores to the other build's compiles. Only installing a plugin needs
# the CLI. The build runs in a process group of its own, stopped if this script fails first.
cli_started=$SECONDS
cli_out="$(mktemp)"
set -m
bash "$PULUMI_LAB_DIR/build-cli.sh" >"$cli_out" &
cli_pid=$!
set +m
trap 'kill -- "-$cli_pid" 2>/dev/null || true; rm -f "$cli_out"' EXIT
bindir=""
cli_ready() {
  [[ -z "$bindir" ]] || return 0
  wait "$cli_pid" || lab_die "lab/pulumi/build-cli.sh failed"
  bindir="$(tail -n 1 "$cli_out")"
  summary+=("cli: $("$bindir/pulumi" version 2>/dev/null) at $bindir ($((SECONDS - cli_started)) s)")
}

for script in "${scripts[@]}"; do
  name="$(basename "$script" .sh)"; name="${name#build-provider-}"
  t=$SECONDS
  # The kubernetes build installs its plugin itself.
  [[ "$name" != kubernetes ]] || cli_ready
  out="$(bash "$script")" || lab_die "$script failed"
  cli_ready
  bin="${out##*$'\n'}"   # each script prints the binary path last
  [[ -x "$bin" && "$(basename "$bin")" == "pulumi-resource-$name" ]] || lab_die "$script printed no binary ($bin)"
  # Install under the version the SDK package asks for (the engine wants an exact
  # match) and under the version the build is cached as, if that differs.
  wanted="$(pulumi_provider_version "$name")"
  built="$(basename "$(dirname "$bin")")"; built="${built#"pulumi-resource-$name-"}"
  [[ -n "$wanted" ]] || wanted="$built"
  pulumi_install_plugin resource "$name" "$wanted" "$bin"
  if [[ "$built" =~ ^[0-9]+\.[0-9]+\.[0-9]+ && "$built" != "$wanted" ]]; then
    pulumi_install_plugin resource "$name" "$built" "$bin"
  fi
  summary+=("provider $name: plugin $wanted${built:+ (built $built)} <- $bin ($((SECONDS - t)) s)")
done

cli_ready
lab_log "summary (PULUMI_HOME=$PULUMI_HOME, $((SECONDS - started)) s):"
for line in "${summary[@]}"; do lab_log "  $line"; done
PULUMI_SKIP_UPDATE_CHECK=true "$bindir/pulumi" plugin ls 2>/dev/null | sed 's/^/[lab:pulumi-install]   /' >&2 || true
printf '%s\n' "$bindir"
