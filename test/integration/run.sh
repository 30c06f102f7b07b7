#!/usr/bin/env bash
# The integration tier: the real Jaeger (Go-built) and the real Milvus (PyPI) on loopback, driven
# by verify. Everything runs in a network namespace of its own, so the servers' listeners
# (Milvus binds every interface) are reachable from nothing but this test.
set -euo pipefail
cd "$(dirname "$0")/../.."
LAB_PART=integration
source lab/lib.sh

started=$SECONDS
lab_log "provisioning Jaeger and Milvus (cached after the first run)"
bash lab/jaeger/build.sh >/dev/null
bash lab/milvus/install.sh >/dev/null
source lab/docker/apt.sh
# ip for the private network namespace, openssl for the test CA, curl for the health checks.
lab_apt_install iproute2 openssl curl
lab_log "provisioned in $((SECONDS - started)) s; running the scenarios in a private network namespace"
exec unshare --net -- bash -c 'ip link set lo up && exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "$@"' \
  integration test/integration/*.test.ts
