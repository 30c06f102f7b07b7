#!/usr/bin/env bash
# Makes a Docker engine available and prints the DOCKER_HOST to use on stdout.
#  1. an engine that already answers (DOCKER_HOST, else the default socket) is used as it is;
#  2. else the engine this script started before (socket under $LAB_CACHE/docker);
#  3. else Debian's docker.io is installed (apt) and dockerd is started by hand as root on a
#     socket of its own, its pid in $LAB_CACHE/docker/docker.pid (lab/docker/engine-stop.sh).
# Env: LAB_DOCKER_STORAGE_DRIVER (default: dockerd's choice, overlay2 on ext4/xfs; vfs is
#      picked automatically when the data root is itself on overlayfs),
#      LAB_DOCKER_START_TIMEOUT (seconds, default 60).
LAB_PART=docker
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/docker/apt.sh
source "$LAB_DIR/docker/apt.sh"
# shellcheck source=lab/process.sh
source "$LAB_DIR/process.sh"

DOCKER_DIR="$LAB_CACHE/docker"
SOCK="$DOCKER_DIR/docker.sock"
PIDFILE="$DOCKER_DIR/docker.pid"
OWN_HOST="unix://$SOCK"

answers() { timeout 10 docker ${1:+-H "$1"} info >/dev/null 2>&1; }

# A docker client: the machine's (v28 client negotiates the API down to the 20.10 engine's
# 1.41) or else Debian's.
if ! command -v docker >/dev/null; then
  lab_apt_install docker.io
fi

if [[ -n ${DOCKER_HOST:-} ]] && answers "$DOCKER_HOST"; then
  lab_log "using the engine at DOCKER_HOST=$DOCKER_HOST"
  echo "$DOCKER_HOST"; exit 0
fi
if [[ -S /var/run/docker.sock ]] && answers unix:///var/run/docker.sock; then
  lab_log "using the engine at the default socket"
  echo unix:///var/run/docker.sock; exit 0
fi
if [[ -S $SOCK ]] && answers "$OWN_HOST"; then
  lab_log "using the engine this lab started before (pid $(cat "$PIDFILE" 2>/dev/null))"
  echo "$OWN_HOST"; exit 0
fi

[[ $(id -u) == 0 ]] || lab_die "no Docker engine answers and starting one needs root"
# dockerd needs: containerd + runc (its runtime), iptables (bridge networking and published
# ports), and tini-like docker-init (shipped in docker.io).
lab_apt_install docker.io containerd runc iptables ca-certificates
command -v dockerd >/dev/null || lab_die "dockerd not found after installing docker.io"

mkdir -p "$DOCKER_DIR/root" "$DOCKER_DIR/exec" "$LAB_CACHE/logs"
# One starter at a time (several lab scripts may call this at once).
exec 9>"$DOCKER_DIR/engine.lock"
flock -w 120 9 || lab_die "another engine.sh holds $DOCKER_DIR/engine.lock"
if [[ -S $SOCK ]] && answers "$OWN_HOST"; then
  lab_log "the lab's dockerd answers (started meanwhile, pid $(cat "$PIDFILE" 2>/dev/null))"
  echo "$OWN_HOST"; exit 0
fi
# A stale pidfile from a dockerd that died makes the new one refuse to start.
if [[ -f $PIDFILE ]]; then
  if oldpid="$(lab_proc_pid "$PIDFILE" dockerd)"; then
    lab_log "dockerd $oldpid is running but does not answer yet; waiting for it"
  else
    rm -f "$PIDFILE" "$SOCK"
  fi
fi

if [[ ! -f $PIDFILE ]]; then
  args=(--data-root "$DOCKER_DIR/root" --exec-root "$DOCKER_DIR/exec"
        -H "$OWN_HOST" --pidfile "$PIDFILE"
        --containerd-namespace milvus-tracing-lab --containerd-plugins-namespace milvus-tracing-lab-plugins)
  driver="${LAB_DOCKER_STORAGE_DRIVER:-}"
  if [[ -z $driver && $(stat -f -c %T "$DOCKER_DIR/root") == overlayfs ]]; then
    driver=vfs   # overlay2 cannot stack on an overlay upper dir
  fi
  [[ -n $driver ]] && args+=(--storage-driver "$driver")
  # iptables: Debian 12 defaults to iptables-nft; the legacy backend is used when nft is
  # refused by the kernel (dockerd then fails with "iptables failed").
  if ! iptables -L -n >/dev/null 2>&1 && command -v iptables-legacy >/dev/null; then
    update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
    update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null
    lab_log "iptables-nft does not work here: switched to iptables-legacy"
  fi
  lab_log "starting dockerd ${args[*]}"
  # dockerd writes its pid file itself (--pidfile), and refuses one that names a live process.
  lab_proc_start - "$LAB_CACHE/logs/dockerd.log" dockerd "${args[@]}"
fi

started=$SECONDS
limit="${LAB_DOCKER_START_TIMEOUT:-60}"
until answers "$OWN_HOST"; do
  if (( SECONDS - started >= limit )); then
    tail -n 30 "$LAB_CACHE/logs/dockerd.log" >&2
    lab_die "dockerd did not answer within $limit s (log: $LAB_CACHE/logs/dockerd.log)"
  fi
  sleep 1
done
lab_log "dockerd (pid $(cat "$PIDFILE")) answers at $OWN_HOST after $((SECONDS - started)) s;" \
  "storage driver $(docker -H "$OWN_HOST" info -f '{{.Driver}}')"
echo "$OWN_HOST"
