#!/usr/bin/env bash
# Builds every binary of the Kubernetes lab from the Go module proxy, each skipped when cached:
# kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl and
# etcd from one scratch module (k8s.io/kubernetes with its staging modules replaced by their
# published versions), CoreDNS, local-path-provisioner and kube-router from modules of their
# own, and a static pause binary + image archive from the pause.c in the kubernetes module.
# Prints each part's build time on stderr and the bin directory on stdout.
set -euo pipefail
# shellcheck source=lab/kubernetes/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=lab/go-build.sh
source "$LAB_DIR/go-build.sh"
# kube-router builds without Kubernetes's tags.
lab_go_env
GO_BASE_FLAGS="$GOFLAGS"
# Upstream's release tags: SELinux labels on, no test-only code, no gRPC tracing hooks.
lab_go_env selinux,notest,grpcnotrace

BUILD="$K8S_LAB/build"
mkdir -p "$K8S_BIN" "$BUILD"
timings=()
timed() { # LABEL CMD...: runs CMD and remembers how long it took
  local label="$1" started=$SECONDS; shift
  "$@"
  timings+=("$(printf '%-26s %4d s' "$label" $((SECONDS - started)))")
}

# The scratch module: requires k8s.io/kubernetes and replaces each staging module that its
# go.mod points at ./staging with the published k8s.io/<name> of the same release.
K8S_MODULE="$BUILD/k8s-$K8S_VERSION"
k8s_module() {
  local dir="$K8S_MODULE" gomod
  [[ -f "$dir/.ready" ]] && return
  gomod="$(lab_go_download "k8s.io/kubernetes@v$K8S_VERSION" GoMod)"
  [[ -f "$gomod" ]] || lab_die "cannot download k8s.io/kubernetes@v$K8S_VERSION"
  lab_go_scratch "$dir" milvus-tracing.lab/kubernetes
  local args=(-require "k8s.io/kubernetes@v$K8S_VERSION") name
  while read -r name; do
    args+=(-replace "$name=$name@v$K8S_STAGING_VERSION")
  done < <(sed -n 's#^[[:space:]]*\(k8s.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod")
  (( ${#args[@]} > 20 )) || lab_die "found no staging replacements in $gomod"
  (cd "$dir" && go mod edit "${args[@]}")
  mkdir -p "$dir/cmd/etcd" "$dir/cmd/stop-pods"
  cp "$LAB_DIR/kubernetes/etcd/main.go" "$dir/cmd/etcd/main.go"
  cp "$LAB_DIR/kubernetes/stop-pods/main.go" "$dir/cmd/stop-pods/main.go"
  # shellcheck disable=SC2016  # bash -c's own positional parameters
  timed "module graph (download)" lab_slow "resolving the k8s.io/kubernetes $K8S_VERSION module graph" "$dir/resolve.log" \
    bash -c 'cd "$1" && go mod download k8s.io/kubernetes && go list -deps ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver >/dev/null' _ "$dir"
  touch "$dir/.ready"
}

# The lab's own main.go files are keyed by content: a changed file rebuilds its binary.
current() { # BINARY MAIN_GO
  [[ -x "$K8S_BIN/$1" && "$(cat "$K8S_BIN/$1.inputs" 2>/dev/null)" == "$(sha256sum <"$2")" ]]
}
remember_inputs() { sha256sum <"$2" >"$K8S_BIN/$1.inputs"; }

k8s_ldflags() {
  local minor="${K8S_VERSION#*.}" pkg flags=""
  minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*} -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s\n' "$flags"
}

build_k8s() {
  local dir="$K8S_MODULE" ldflags cmd
  k8s_module
  ldflags="$(k8s_ldflags)"
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
    [[ -x "$K8S_BIN/$cmd" ]] && continue
    timed "$cmd" lab_go_build "building $cmd v$K8S_VERSION" "$dir" "$K8S_BIN/$cmd" "k8s.io/kubernetes/cmd/$cmd" "$ldflags"
  done
  local name main
  # etcd, and the lab's own CRI client for `down` (crictl's module is not served by the proxy).
  for name in etcd stop-pods; do
    main="$LAB_DIR/kubernetes/$name/main.go"
    current "$name" "$main" && continue
    cp "$main" "$dir/cmd/$name/main.go"
    timed "$name" lab_go_build "building $name (in the same module graph)" "$dir" "$K8S_BIN/$name" "./cmd/$name"
    remember_inputs "$name" "$main"
  done
}

build_coredns() {
  local dir="$BUILD/coredns-$COREDNS_VERSION" main="$LAB_DIR/kubernetes/coredns/main.go"
  current coredns "$main" && return
  lab_go_scratch "$dir" milvus-tracing.lab/coredns
  cp "$main" "$dir/main.go"
  (cd "$dir" && go mod edit -require "github.com/coredns/coredns@v$COREDNS_VERSION")
  timed coredns lab_go_build "building CoreDNS $COREDNS_VERSION" "$dir" "$K8S_BIN/coredns" . \
    "-X github.com/coredns/coredns/coremain.GitCommit=v$COREDNS_VERSION"
  remember_inputs coredns "$main"
}

# The provisioner's own client-go release differs from the cluster's, so it builds apart.
build_local_path() {
  local dir="$BUILD/local-path-provisioner-$LOCAL_PATH_VERSION" out="$K8S_BIN/local-path-provisioner"
  [[ -x $out && "$(cat "$out.version" 2>/dev/null)" == "$LOCAL_PATH_VERSION" ]] && return
  lab_go_scratch "$dir" milvus-tracing.lab/local-path-provisioner
  (cd "$dir" && go mod edit -require "github.com/rancher/local-path-provisioner@v$LOCAL_PATH_VERSION")
  timed local-path-provisioner lab_go_build "building local-path-provisioner $LOCAL_PATH_VERSION" \
    "$dir" "$out" github.com/rancher/local-path-provisioner "-X main.VERSION=v$LOCAL_PATH_VERSION"
  printf '%s\n' "$LOCAL_PATH_VERSION" >"$out.version"
}

# Built as upstream's Makefile does: no build tags, the version stamped in by ldflags.
build_kube_router() {
  local dir="$BUILD/kube-router-$KUBE_ROUTER_VERSION" out="$K8S_BIN/kube-router"
  local pkg=github.com/cloudnativelabs/kube-router/v2
  local key="$KUBE_ROUTER_VERSION netlink@$KUBE_ROUTER_NETLINK"
  [[ -x $out && "$(cat "$out.version" 2>/dev/null)" == "$key" ]] && return
  lab_go_scratch "$dir" milvus-tracing.lab/kube-router
  (cd "$dir" && go mod edit -require "$pkg@v$KUBE_ROUTER_VERSION" \
    -replace "github.com/vishvananda/netlink=github.com/vishvananda/netlink@$KUBE_ROUTER_NETLINK")
  GOFLAGS="$GO_BASE_FLAGS" timed kube-router lab_go_build "building kube-router $KUBE_ROUTER_VERSION" \
    "$dir" "$out" "$pkg/cmd/kube-router" \
    "-X $pkg/pkg/version.Version=v$KUBE_ROUTER_VERSION -X $pkg/pkg/version.BuildDate=1970-01-01T00:00:00Z"
  printf '%s\n' "$key" >"$out.version"
}

# The pod sandbox image: pause.c from the kubernetes module, linked statically, in a one-layer
# docker-archive that `ctr images import` reads.
build_pause() {
  [[ -f "$K8S_BIN/pause.tar" ]] && return
  local src dir="$BUILD/pause" started=$SECONDS
  # shellcheck source=lab/docker/apt.sh
  source "$LAB_DIR/docker/apt.sh"
  lab_apt_install gcc libc6-dev
  src="$(lab_go_download "k8s.io/kubernetes@v$K8S_VERSION" Dir)/build/pause/linux/pause.c"
  [[ -f "$src" ]] || lab_die "no pause.c at $src"
  rm -rf "$dir"; mkdir -p "$dir/rootfs"
  gcc -Os -static -DVERSION="v$K8S_VERSION" -o "$dir/rootfs/pause" "$src"
  strip "$dir/rootfs/pause"
  tar -C "$dir/rootfs" --owner=0 --group=0 --numeric-owner -cf "$dir/layer.tar" pause
  local diff config
  diff="sha256:$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)"
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
    "$diff" >"$dir/config.json"
  config="$(sha256sum "$dir/config.json" | cut -d' ' -f1)"
  mv "$dir/config.json" "$dir/$config.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$config" "$K8S_PAUSE_IMAGE" >"$dir/manifest.json"
  tar -C "$dir" -cf "$K8S_BIN/pause.tar.tmp" manifest.json "$config.json" layer.tar
  mv "$K8S_BIN/pause.tar.tmp" "$K8S_BIN/pause.tar"
  timings+=("$(printf '%-26s %4d s' "pause (gcc -static)" $((SECONDS - started)))")
}

started=$SECONDS
build_pause
build_k8s
build_coredns
build_local_path
build_kube_router
if (( ${#timings[@]} )); then
  lab_log "built in $((SECONDS - started)) s:"
  for line in "${timings[@]}"; do lab_log "  $line"; done
else
  lab_log "all binaries cached in $K8S_BIN"
fi
printf '%s\n' "$K8S_BIN"
