# shellcheck shell=bash
# Shared helpers for the lab scripts. Source it; do not run it.
# Every build and download is cached outside the checkout, keyed by version,
# so a warm run only checks that the artifact is there.
set -euo pipefail

LAB_CACHE="${MILVUS_TRACING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/milvus-tracing}"
LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # read by the scripts that source this
REPO_DIR="$(cd "$LAB_DIR/.." && pwd)"
mkdir -p "$LAB_CACHE"
# The lab's own Pulumi home: its CLI, language host and plugins go here, never into the user's
# ~/.pulumi or $PULUMI_HOME, whose version folders other projects on the machine rely on.
# shellcheck disable=SC2034  # read by the scripts that source this
LAB_PULUMI_HOME="$LAB_CACHE/pulumi-home"

# Progress goes to stderr so that stdout stays free for the artifact path a script prints.
lab_log() { printf '[lab:%s] %s\n' "${LAB_PART:-lab}" "$*" >&2; }
lab_die() { lab_log "error: $*"; exit 1; }

# Tiers and benchmarks that start real servers share the lab's names, ports, netns and cluster, and
# its cache: one at a time on a machine, whichever checkout they run from. A background holder
# takes the lock and keeps it while the runner (or what it execs, under the same pid) lives: the
# runner itself never opens the lock file, so daemons it starts (dockerd, the cluster) cannot
# inherit the lock and keep it after the run.
lab_exclusive() {
  [[ -n "${LAB_LOCK_HELD:-}" ]] && return 0
  local lock="$LAB_CACHE/runs.lock" owner=$$ acquired
  acquired="$(mktemp)" && rm -f "$acquired"
  (
    exec 9>"$lock"
    flock 9
    : >"$acquired"
    while kill -0 "$owner" 2>/dev/null; do sleep 1; done
  ) </dev/null >/dev/null 2>&1 &
  local waited=0
  until [[ -e "$acquired" ]]; do
    if (( waited % 60 == 1 )); then lab_log "another lab run holds $lock: waiting for it to end ($waited s)"; fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$acquired"
  export LAB_LOCK_HELD=1
}

# Runs a slow command with its output in a log file, and a line every 30 s so that a
# person (or CI) can see it is alive.
lab_slow() {
  local label="$1" logfile="$2"; shift 2
  local started=$SECONDS
  lab_log "$label (log: $logfile)"
  "$@" >"$logfile" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if (( (SECONDS - started) % 30 < 5 )) && kill -0 "$pid" 2>/dev/null; then
      lab_log "$label: still running after $((SECONDS - started)) s"
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$logfile" >&2
    lab_die "$label failed after $((SECONDS - started)) s"
  fi
  lab_log "$label: done in $((SECONDS - started)) s"
}
