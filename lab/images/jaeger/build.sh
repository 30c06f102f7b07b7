#!/usr/bin/env bash
# Builds milvus-tracing-lab/jaeger:<version> (Dockerfile beside this script) around the Jaeger
# v2 binary that lab/jaeger/build.sh builds (it prints the path; <version> is the v2 release,
# from the binary's directory name jaeger-vX.Y.Z). Skips the build when the image exists with
# the same inputs. Prints the image name.
# Env: LAB_JAEGER_WAIT_MINUTES: how long to wait for lab/jaeger/build.sh to appear (default 0).
LAB_PART=images
# shellcheck source=lab/images/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

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

lab_base_ready

KEY="$(lab_image_key "$BIN" "$HERE")"
lab_image_current "$IMAGE" "$KEY" && { echo "$IMAGE"; exit 0; }

CTX="$LAB_CACHE/images/jaeger-context-$VERSION"
rm -rf "$CTX"; mkdir -p "$CTX"
cp "$HERE/Dockerfile" "$CTX/"
cp "$BIN" "$CTX/jaeger"; chmod 755 "$CTX/jaeger"
lab_image_build "$IMAGE" "$KEY" "$CTX" "build-jaeger-$VERSION" "JAEGER_VERSION=$VERSION"
echo "$IMAGE"
