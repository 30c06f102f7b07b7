#!/usr/bin/env bash
# Builds milvus-tracing-lab/milvus:<version> (Dockerfile beside this script) from the PyPI
# `milvus` wheel, downloaded once into $LAB_CACHE/wheels. Skips the build when the image
# exists with the same inputs (wheel + this directory). Prints the image name.
# Env: LAB_MILVUS_VERSION (default 2.3.5: PyPI has no Linux wheel of milvus 2.3.6-2.3.9,
#      only macOS ones, so 2.3.5 is the newest Milvus server installable from PyPI on Linux).
LAB_PART=images
# shellcheck source=lab/images/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

VERSION="${LAB_MILVUS_VERSION:-2.3.5}"
IMAGE="milvus-tracing-lab/milvus:$VERSION"
HERE="$LAB_DIR/images/milvus"
WHEEL_NAME="milvus-$VERSION-py3-none-manylinux2014_x86_64.whl"
WHEEL_DIR="$LAB_CACHE/wheels/milvus-$VERSION"
WHEEL="$WHEEL_DIR/$WHEEL_NAME"

lab_base_ready

if [[ ! -s $WHEEL ]]; then
  mkdir -p "$WHEEL_DIR" "$LAB_CACHE/logs"
  command -v pip >/dev/null || command -v pip3 >/dev/null || lab_die "pip is needed to download the milvus wheel"
  lab_slow "pip download milvus==$VERSION (Linux wheel)" "$LAB_CACHE/logs/pip-milvus-$VERSION.log" \
    python3 -m pip download --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
      --python-version 3.11 --implementation py "milvus==$VERSION" -d "$WHEEL_DIR"
  [[ -s $WHEEL ]] || lab_die "pip did not leave $WHEEL (is there a Linux wheel of milvus $VERSION?)"
fi

KEY="$(lab_image_key "$WHEEL" "$HERE")"
lab_image_current "$IMAGE" "$KEY" && { echo "$IMAGE"; exit 0; }

# The build context: this directory's files and a hard link (or copy) of the wheel.
CTX="$LAB_CACHE/images/milvus-context-$VERSION"
rm -rf "$CTX"; mkdir -p "$CTX"
cp "$HERE"/Dockerfile "$HERE"/*.py "$HERE"/*.sh "$HERE"/*.yaml "$CTX"/
rm -f "$CTX/build.sh"
ln "$WHEEL" "$CTX/$WHEEL_NAME" 2>/dev/null || cp "$WHEEL" "$CTX/$WHEEL_NAME"

lab_image_build "$IMAGE" "$KEY" "$CTX" "build-milvus-$VERSION" "MILVUS_VERSION=$VERSION"
echo "$IMAGE"
