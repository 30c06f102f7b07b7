#!/usr/bin/env bash
# bench:deploy needs what the e2e tier needs, plus Docker Compose v2 (built by the lab).
set -euo pipefail
cd "$(dirname "$0")/.."
bash lab/pulumi/install.sh >/dev/null
DOCKER_HOST="$(bash lab/docker/engine.sh)"
export DOCKER_HOST
bash lab/docker/compose.sh >/dev/null
images="$(bash lab/images/build.sh)"
E2E_MILVUS_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/milvus:/ { print $1 }' <<<"$images")"
E2E_JAEGER_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/jaeger:/ { print $1 }' <<<"$images")"
export E2E_MILVUS_IMAGE E2E_JAEGER_IMAGE
exec tsx bench/deployBench.ts
