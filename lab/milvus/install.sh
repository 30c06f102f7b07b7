#!/usr/bin/env bash
# Installs PyPI milvus (embedded Milvus: a real Milvus 2.3 standalone binary in a wheel)
# into a venv under $LAB_CACHE. Idempotent. Prints the venv path on stdout.
#
# Pin: 2.3.5 is the newest release with a Linux x86_64 wheel (manylinux2014). 2.3.6-2.3.9 were
# published for macOS arm64 only, so `pip install milvus==2.3.9` fails on Linux.
MILVUS_PYPI_VERSION="${MILVUS_PYPI_VERSION:-2.3.5}"

LAB_PART=milvus
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

venv="$LAB_CACHE/milvus-pypi-$MILVUS_PYPI_VERSION"
if [[ -x "$venv/bin/milvus-server" && -f "$venv/.installed" ]]; then
  lab_log "cached: $venv"
  echo "$venv"
  exit 0
fi

py="${PYTHON:-python3}"
command -v "$py" >/dev/null || lab_die "$py is not on PATH"
rm -rf "$venv"
"$py" -m venv "$venv"
# The wheel is Linux x86_64 / aarch64 only; pip's find-links (/opt/wheels) may be set: harmless.
lab_slow "pip install milvus==$MILVUS_PYPI_VERSION" "$LAB_CACHE/milvus-pypi-$MILVUS_PYPI_VERSION.pip.log" \
  "$venv/bin/pip" install --no-input "milvus==$MILVUS_PYPI_VERSION"
[[ -x "$venv/bin/milvus-server" ]] || lab_die "milvus-server console script missing in $venv"
touch "$venv/.installed"
echo "$venv"
