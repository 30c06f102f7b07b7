#!/usr/bin/env bash
# The e2e tier: the real Pulumi CLI with the real providers deploys throwaway stacks to a real
# Docker engine, with images built from the registries (see lab/). Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."
LAB_PART=e2e
source lab/lib.sh

started=$SECONDS
bash lab/pulumi/install.sh >/dev/null
DOCKER_HOST="$(bash lab/docker/engine.sh)"
export DOCKER_HOST
images="$(bash lab/images/build.sh)"
E2E_MILVUS_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/milvus:/ { print $1 }' <<<"$images")"
E2E_JAEGER_IMAGE="$(awk '$1 ~ /^milvus-tracing-lab\/jaeger:/ { print $1 }' <<<"$images")"
export E2E_MILVUS_IMAGE E2E_JAEGER_IMAGE
# Throwaway objects of an earlier run that was killed half-way would block these names.
leftovers=$(docker ps -aq --filter name=milvus-tracing-e2e-)
[[ -z "$leftovers" ]] || docker rm -f $leftovers >/dev/null
docker network ls -q --filter name=milvus-tracing-e2e- | xargs -r docker network rm >/dev/null
docker volume ls -q --filter name=milvus-tracing-e2e- | xargs -r docker volume rm >/dev/null
lab_log "lab ready in $((SECONDS - started)) s: $E2E_MILVUS_IMAGE, $E2E_JAEGER_IMAGE on $DOCKER_HOST"
exec node --import tsx --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec test/e2e/*.test.ts
