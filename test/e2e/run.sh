#!/usr/bin/env bash
# The e2e tier: the real Pulumi CLI with the real providers deploys throwaway stacks to a real
# Docker engine, with images built from the registries (see lab/). Progress goes to stderr.
# Usage: run.sh [TEST_FILE...]: those files only (default: every test/e2e/*.test.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
LAB_PART=e2e
started=$SECONDS
# The user's own Pulumi home, before the lab's replaces PULUMI_HOME: the tier must leave it as it
# was (userPulumiHome.test.ts compares this listing, and a marker's time, with what it finds after).
USER_PULUMI_HOME="${PULUMI_HOME:-$HOME/.pulumi}"
USER_PULUMI_HOME_BEFORE="$(mktemp -d)"
touch "$USER_PULUMI_HOME_BEFORE/marker"
bash test/e2e/list-files.sh "$USER_PULUMI_HOME" >"$USER_PULUMI_HOME_BEFORE/listing"
export USER_PULUMI_HOME USER_PULUMI_HOME_BEFORE
# shellcheck source=lab/deploy-env.sh
source lab/deploy-env.sh
lab_log "lab ready in $((SECONDS - started)) s: $LAB_MILVUS_IMAGE, $LAB_JAEGER_IMAGE on $DOCKER_HOST"

# Throwaway objects of an earlier run that was killed half-way would block these names.
docker ps -aq --filter name=milvus-tracing-e2e- | xargs -r docker rm -f >/dev/null
docker network ls -q --filter name=milvus-tracing-e2e- | xargs -r docker network rm >/dev/null
docker volume ls -q --filter name=milvus-tracing-e2e- | xargs -r docker volume rm >/dev/null

files=("$@")
((${#files[@]})) || files=(test/e2e/*.test.ts)
exec node --import tsx --test --test-concurrency=1 --test-timeout=900000 --test-reporter=spec "${files[@]}"
