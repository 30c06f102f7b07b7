# shellcheck shell=bash
# The preamble of the runs against the real Jaeger (Go-built) and the real Milvus (PyPI) as local
# processes, the integration tier (test/integration/run.sh) and the benchmarks (bench/run.sh):
# provisions both, then lab_isolated runs the command in a network namespace of its own, so that
# the servers' listeners (Milvus binds every interface) are reachable from nothing else.
# Source it; do not run it.
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"

lab_local_servers_started=$SECONDS
lab_log "provisioning Jaeger and Milvus (cached after the first run)"
bash "$LAB_DIR/jaeger/build.sh" >/dev/null
bash "$LAB_DIR/milvus/install.sh" >/dev/null
# ip for the private network namespace, openssl for the test CA, curl for the health checks.
lab_apt_install iproute2 openssl curl
lab_log "provisioned in $((SECONDS - lab_local_servers_started)) s"

# lab_isolated CMD...: replaces this shell with CMD in a new network namespace with loopback up.
# What CMD leaves running there (a server a failed scenario did not stop) is named and killed by
# pid once it ends: nothing outside the namespace could reach it, so it would only hold memory.
lab_isolated() {
  # shellcheck disable=SC2016  # the inner shell's own variables
  exec unshare --net -- bash -c '
    ip link set lo up
    status=0
    "$@" || status=$?
    own="$(readlink /proc/$$/ns/net)"
    for dir in /proc/[0-9]*; do
      pid="${dir#/proc/}"
      [[ "$pid" != "$$" && "$(readlink "$dir/ns/net" 2>/dev/null)" == "$own" ]] || continue
      echo "[lab] left running in the run'"'"'s network namespace, killed: $pid $(tr "\0" " " <"$dir/cmdline" 2>/dev/null)" >&2
      kill -9 "$pid" 2>/dev/null || true
    done
    exit "$status"' isolated "$@"
}
