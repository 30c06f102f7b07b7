#!/bin/sh
# Entrypoint of milvus-tracing-lab/milvus (runs under tini, then execs its arguments,
# by default `milvus run standalone`).
# LAB SHIM: Milvus 2.3 reads only configs/milvus.yaml. When /milvus/configs/user.yaml exists
# (Milvus 2.4+ reads it over milvus.yaml), it is deep-merged over the pristine milvus.yaml
# of the image into /milvus/configs/milvus.yaml, each start from the pristine copy again.
# LAB_MERGE_USER_YAML=0 turns the shim off.
set -e
conf="${MILVUSCONF:-/milvus/configs/}"
conf="${conf%/}"
pristine=/milvus/lab/milvus.yaml.pristine
marker='# Generated at container start by the lab entrypoint'

if [ "${LAB_MERGE_USER_YAML:-1}" != 0 ]; then
  if [ -f "$conf/user.yaml" ]; then
    if [ -e "$conf/milvus.yaml" ] && ! head -n1 "$conf/milvus.yaml" | grep -q "^$marker" \
       && ! cmp -s "$conf/milvus.yaml" "$pristine"; then
      # A milvus.yaml of the user's own (mounted): merge over that one, once, in a copy.
      echo "lab-entrypoint: $conf/milvus.yaml is not the image's; merging user.yaml over it" >&2
      cp "$conf/milvus.yaml" /milvus/lab/milvus.yaml.user-base
      pristine=/milvus/lab/milvus.yaml.user-base
    fi
    if python3 /milvus/lab/merge-user-yaml.py "$pristine" "$conf/user.yaml" "$conf/milvus.yaml"; then
      echo "lab-entrypoint: merged $conf/user.yaml over milvus.yaml" >&2
    else
      echo "lab-entrypoint: could not merge $conf/user.yaml (is $conf writable?)" >&2
      exit 1
    fi
  elif [ -f "$conf/milvus.yaml" ] && head -n1 "$conf/milvus.yaml" | grep -q "^$marker"; then
    # user.yaml is gone since the last start: back to the pristine file.
    cp "$pristine" "$conf/milvus.yaml"
  fi
fi
exec "$@"
