#!/usr/bin/env bash
# The integration tier: the real Jaeger (Go-built) and the real Milvus (PyPI) on loopback, driven
# by verify, in a network namespace of its own (lab/local-servers.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
LAB_PART=integration
# shellcheck source=lab/local-servers.sh
source lab/local-servers.sh
lab_log "running the scenarios in a private network namespace"
# Arguments: test files to run instead of all of them (a scenario being worked on).
if (( $# )); then tests=("$@"); else tests=(test/integration/*.test.ts); fi
lab_isolated node --import tsx --test --test-concurrency=1 --test-reporter=spec "${tests[@]}"
