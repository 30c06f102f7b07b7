#!/usr/bin/env bash
# bench:deploy needs what the e2e tier needs, plus Docker Compose v2 (built by the lab).
set -euo pipefail
cd "$(dirname "$0")/.."
source lab/deploy-env.sh
bash lab/docker/compose.sh >/dev/null
exec tsx bench/deployBench.ts
