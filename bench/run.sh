#!/usr/bin/env bash
# Runs a benchmark against the local Jaeger and Milvus in a network namespace of its own, like the
# integration tier (lab/local-servers.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
LAB_PART=bench
# shellcheck source=lab/local-servers.sh
source lab/local-servers.sh
lab_isolated tsx "$@"
