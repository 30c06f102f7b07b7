#!/usr/bin/env bash
# Builds the Debian bookworm base image of the lab, milvus-tracing-lab/base:bookworm, from
# Debian's packages alone (no registry): debootstrap --variant=minbase, then docker import.
# The root filesystem tarball is cached under $LAB_CACHE/images keyed by suite and package
# list; the image is skipped when it exists with the same key. Prints the image name.
# Env: LAB_DEBIAN_MIRROR (default: the Debian mirror apt is configured with).
LAB_PART=images
# shellcheck source=lab/images/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"

SUITE=bookworm
IMAGE="milvus-tracing-lab/base:$SUITE"
# What the lab's images need on top of minbase:
#  ca-certificates curl  - health checks (curl -f http://localhost:9091/healthz) and TLS roots
#  python3 python3-yaml  - Milvus image: lzma unpacking at build time, user.yaml merge at start
#  libgomp1 libatomic1   - Milvus C++ libs the image takes from Debian (not from the wheel)
#  tini                  - PID 1 of the Milvus image (the upstream image runs under tini too)
#  procps iproute2       - ps / ss when debugging a container
PACKAGES=(ca-certificates curl wget python3 python3-yaml libgomp1 libatomic1 zlib1g tini procps iproute2)

# The Debian mirror apt uses (deb822 .sources or one-line .list files).
debian_mirror() {
  if [[ -n ${LAB_DEBIAN_MIRROR:-} ]]; then echo "$LAB_DEBIAN_MIRROR"; return; fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(awk -v s="$SUITE" '
      /^[[:space:]]*$/ { if (u != "" && ok) { print u; exit } u = ""; ok = 0; next }
      /^URIs:/   { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
      END { if (u != "" && ok) print u }' "$f" | head -n1)
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    uri=$(awk -v s="$SUITE" '$1 == "deb" && $3 == s { print $2; exit }' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}

lab_docker_env
KEY=$(printf '%s\n' "$SUITE" "${PACKAGES[@]}" | sha256sum | cut -c1-12)
if [[ $(lab_image_label "$IMAGE" lab.base.key) == "$KEY" ]]; then
  lab_log "$IMAGE is there (key $KEY)"
  echo "$IMAGE"; exit 0
fi

TARBALL="$LAB_CACHE/images/base-$SUITE-$KEY.tar"
mkdir -p "$LAB_CACHE/images" "$LAB_CACHE/logs"
if [[ ! -s $TARBALL ]]; then
  [[ $(id -u) == 0 ]] || lab_die "debootstrap needs root"
  lab_apt_install debootstrap
  MIRROR=$(debian_mirror)
  ROOTFS="$LAB_CACHE/images/rootfs-$SUITE-$KEY"
  # A half-made root from an interrupted run is thrown away (mounts first).
  if [[ -d $ROOTFS ]]; then
    for m in proc sys dev/pts; do umount "$ROOTFS/$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$ROOTFS"
  fi
  lab_slow "debootstrap --variant=minbase $SUITE from $MIRROR" "$LAB_CACHE/logs/debootstrap.log" \
    debootstrap --variant=minbase --include="$(IFS=,; echo "${PACKAGES[*]}")" \
      "$SUITE" "$ROOTFS" "$MIRROR"
  # Smaller image: no downloaded .debs, no package lists (apt-get update first inside).
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
         "$ROOTFS"/var/log/*.log "$ROOTFS"/var/cache/ldconfig/aux-cache
  printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$ROOTFS/etc/apt/sources.list"
  : >"$ROOTFS/etc/hostname"
  lab_log "packing $ROOTFS into $TARBALL"
  tar --numeric-owner -C "$ROOTFS" -cf "$TARBALL.part" .
  mv "$TARBALL.part" "$TARBALL"
  rm -rf --one-file-system "$ROOTFS"
  # Tarballs of other package lists are of no more use.
  find "$LAB_CACHE/images" -maxdepth 1 -name "base-$SUITE-*.tar" ! -name "$(basename "$TARBALL")" -delete
fi

started=$SECONDS
docker import \
  --change "LABEL lab.base.key=$KEY" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  "$TARBALL" "$IMAGE" >/dev/null
lab_log "imported $IMAGE from $TARBALL in $((SECONDS - started)) s" \
  "($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
echo "$IMAGE"
