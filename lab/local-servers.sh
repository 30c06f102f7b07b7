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
lab_isolated() {
  # shellcheck disable=SC2016  # the inner shell's own "$@"
  exec unshare --net -- bash -c 'ip link set lo up && exec "$@"' isolated "$@"
}
