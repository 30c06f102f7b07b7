#!/usr/bin/env bash
# Runs a benchmark in a network namespace of its own, like the integration tier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash lab/jaeger/build.sh >/dev/null
bash lab/milvus/install.sh >/dev/null
source lab/lib.sh
source lab/docker/apt.sh
lab_apt_install iproute2 curl
exec unshare --net -- bash -c 'ip link set lo up && exec tsx "$@"' bench "$@"
