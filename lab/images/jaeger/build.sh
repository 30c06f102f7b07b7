#!/usr/bin/env bash
# Builds milvus-tracing-lab/jaeger:<version> (Dockerfile beside this script) around the Jaeger
# v2 binary that lab/jaeger/build.sh builds (it prints the path; <version> is the v2 release,
# from the binary's directory name jaeger-vX.Y.Z). Skips the build when the image exists with
# the same inputs. Prints the image name.
# Env: LAB_JAEGER_WAIT_MINUTES: how long to wait for lab/jaeger/build.sh to appear (default 0).
LAB_PART=images
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
source "$LAB_DIR/images/common.sh"

BASE_IMAGE="milvus-tracing-lab/base:bookworm"
HERE="$LAB_DIR/images/jaeger"
JAEGER_BUILD="$LAB_DIR/jaeger/build.sh"

waited=0
until [[ -f $JAEGER_BUILD ]]; do
  (( waited < ${LAB_JAEGER_WAIT_MINUTES:-0} )) || lab_die "$JAEGER_BUILD is missing"
  lab_log "waiting for $JAEGER_BUILD ($waited min so far)"
  sleep 60; waited=$((waited + 1))
done
BIN="$(bash "$JAEGER_BUILD")"
[[ -x $BIN ]] || lab_die "lab/jaeger/build.sh printed '$BIN', not an executable"
VERSION="$(basename "$(dirname "$BIN")")"; VERSION="${VERSION#jaeger-}"; VERSION="${VERSION#v}"
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || lab_die "no version in the path $BIN"
IMAGE="milvus-tracing-lab/jaeger:$VERSION"

lab_docker_env
lab_image_exists "$BASE_IMAGE" || bash "$LAB_DIR/images/base.sh" >/dev/null

KEY="$(lab_hash_inputs "$BIN" "$HERE")-$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE" | cut -c8-19)"
if [[ $(lab_image_label "$IMAGE" lab.inputs) == "$KEY" ]]; then
  lab_log "$IMAGE is there (inputs $KEY)"
  echo "$IMAGE"; exit 0
fi

CTX="$LAB_CACHE/images/jaeger-context-$VERSION"
rm -rf "$CTX"; mkdir -p "$CTX" "$LAB_CACHE/logs"
cp "$HERE/Dockerfile" "$CTX/"
cp "$BIN" "$CTX/jaeger"; chmod 755 "$CTX/jaeger"
lab_slow "docker build $IMAGE" "$LAB_CACHE/logs/build-jaeger-$VERSION.log" \
  docker build --build-arg "JAEGER_VERSION=$VERSION" --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "lab.inputs=$KEY" -t "$IMAGE" "$CTX"
rm -rf "$CTX"
# The image this tag had before is left dangling: drop it (lab images only).
docker image prune -f --filter label=lab.inputs >/dev/null
lab_log "$IMAGE: $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}')"
echo "$IMAGE"
