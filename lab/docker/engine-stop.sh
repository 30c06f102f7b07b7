#!/usr/bin/env bash
# Stops the dockerd that lab/docker/engine.sh started (by its pid), and nothing else.
LAB_PART=docker
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/process.sh
source "$LAB_DIR/process.sh"

PIDFILE="$LAB_CACHE/docker/docker.pid"
[[ -f $PIDFILE ]] || { lab_log "no dockerd started by the lab"; exit 0; }
if ! pid="$(lab_proc_pid "$PIDFILE" dockerd)"; then
  lab_log "dockerd $(cat "$PIDFILE") is not running; removing the stale pidfile"
  rm -f "$PIDFILE"; exit 0
fi
lab_log "stopping dockerd $pid"
kill -TERM "$pid"
lab_proc_wait "$pid" $((SECONDS + 60)) || lab_die "dockerd $pid still runs after 60 s (kill -KILL $pid if it must go)"
lab_log "dockerd $pid stopped"
