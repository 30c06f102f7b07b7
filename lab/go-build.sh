# shellcheck shell=bash
# Every Go build of the lab (Jaeger, Docker Compose, Kubernetes, the Pulumi CLI and providers)
# goes through these helpers, so that the toolchain policy and the module-proxy parsing live
# once. Source it after lib.sh; do not run it.
#   lab_go_env [TAGS]                      local toolchain only, static, module mode, build tags
#   lab_go_scratch DIR MODULE              a fresh scratch module to add requires to
#   lab_go_language                        the toolchain's language version (1.N) for a go.mod
#   lab_go_download MOD@VER FIELD          one field (Dir, GoMod, Sum) of `go mod download -json`
#   lab_go_module_dir MOD@VER DEST [SUM]   a writable copy of a module (its h1 sum checked)
#   lab_go_info MOD@VER FIELD              one field (e.g. Version, Origin.Hash) of `go list -m -json`
#   lab_go_build LABEL DIR OUT PKG [LDFLAGS]   nice'd `go build` in DIR through lab_slow

# GOTOOLCHAIN=local: a go.mod asking for a newer Go must fail here rather than download a
# toolchain. -p 2 and nice leave the machine usable while builds run side by side.
lab_go_env() {
  command -v go >/dev/null || lab_die "go is not on PATH"
  export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false${1:+ -tags=$1}" CGO_ENABLED=0
  GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
  GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
  export GOMODCACHE GOCACHE
}

lab_go_language() { go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/'; }

lab_go_scratch() {
  local dir="$1" mod="$2"
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'module %s\n\ngo %s\n' "$mod" "$(lab_go_language)" >"$dir/go.mod"
}

# Outside any module (cd /tmp), so that the caller's go.mod is left alone.
lab_go_download() {
  local modver="$1" field="$2" json value
  json="$(cd /tmp && go mod download -json "$modver" 2>&1)" \
    || { printf '%s\n' "$json" >&2; lab_die "the module proxy does not serve $modver"; }
  value="$(printf '%s\n' "$json" | sed -n "s/^[[:space:]]*\"$field\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p")"
  [[ -n "$value" ]] || { printf '%s\n' "$json" >&2; lab_die "go mod download -json $modver gave no $field"; }
  printf '%s\n' "$value"
}

# The module cache is read-only; builds that patch a module work on a copy. SUM pins a module
# the checksum database does not know (a pseudo-version the proxy serves). Prints DEST.
lab_go_module_dir() {
  local modver="$1" dest="$2" sum="${3:-}" got dir
  if [[ -n "$sum" ]]; then
    got="$(lab_go_download "$modver" Sum)"
    [[ "$got" == "$sum" ]] || lab_die "$modver has sum $got, expected $sum"
  fi
  dir="$(lab_go_download "$modver" Dir)"
  [[ -d "$dir" ]] || lab_die "no module directory $dir for $modver"
  rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
  cp -r "$dir" "$dest"; chmod -R u+w "$dest"
  printf '%s\n' "$dest"
}

lab_go_info() {
  (cd /tmp && go list -m -json "$1" 2>/dev/null) | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{let v=JSON.parse(s);
    for(const k of process.argv[1].split(".")) v=v&&v[k]; if(v) process.stdout.write(String(v));}catch{}})' "$2"
}

# Writes OUT only when the build succeeded, so that a cached binary is always a whole one.
lab_go_build() {
  local label="$1" dir="$2" out="$3" pkg="$4" ldflags="${5:-}"
  mkdir -p "$(dirname "$out")"
  # shellcheck disable=SC2016  # the inner script's own positional parameters
  lab_slow "$label" "$dir/build-$(basename "$out").log" \
    bash -c 'cd "$1" && nice -n 10 go build -p 2 -trimpath -ldflags "-s -w $2" -o "$3.tmp" "$4" && mv -f "$3.tmp" "$3"' \
    _ "$dir" "$ldflags" "$out" "$pkg"
}
