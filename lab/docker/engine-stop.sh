#!/usr/bin/env bash
# Stops the dockerd that lab/docker/engine.sh started (by its pid), and nothing else.
LAB_PART=docker
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PIDFILE="$LAB_CACHE/docker/docker.pid"
[[ -f $PIDFILE ]] || { lab_log "no dockerd started by the lab"; exit 0; }
pid=$(cat "$PIDFILE")
if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null || ! grep -qx dockerd "/proc/$pid/comm" 2>/dev/null; then
  lab_log "dockerd $pid is not running; removing the stale pidfile"
  rm -f "$PIDFILE"; exit 0
fi
lab_log "stopping dockerd $pid"
kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { lab_log "dockerd $pid stopped"; exit 0; }
  sleep 1
done
lab_die "dockerd $pid still runs after 60 s (kill -KILL $pid if it must go)"
