# shellcheck shell=bash
# The lab's long-running processes (dockerd, the cluster's components, the storage provisioner):
# started detached with a pid file, recognised by pid and binary, stopped by pid with a bounded
# wait. Never by name: other processes of the same name on the machine are not the lab's.
# Source it after lib.sh; do not run it.

# lab_proc_pid PIDFILE BINARY: prints the pid recorded in PIDFILE while that process still runs
# BINARY (a basename); fails otherwise, so that a reused pid is not taken for the lab's process.
lab_proc_pid() {
  local pid exe
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  exe="${exe% (deleted)}"
  [[ "${exe##*/}" == "$2" ]] || return 1
  printf '%s\n' "$pid"
}

# lab_proc_start PIDFILE LOG CMD...: runs CMD in a session of its own (it outlives the caller and
# its job control), output appended to LOG, and records its pid in PIDFILE; PIDFILE "-" for a
# program that writes its own (dockerd --pidfile). The pid is left in LAB_PROC_STARTED.
lab_proc_start() {
  local pidfile="$1" log="$2"; shift 2
  mkdir -p "$(dirname "$log")"
  setsid "$@" >>"$log" 2>&1 </dev/null &
  LAB_PROC_STARTED=$!
  if [[ "$pidfile" != - ]]; then
    mkdir -p "$(dirname "$pidfile")"
    printf '%s\n' "$LAB_PROC_STARTED" >"$pidfile"
  fi
}

# lab_proc_wait PID DEADLINE: waits until PID has exited (0) or $SECONDS reaches DEADLINE (1).
lab_proc_wait() {
  while kill -0 "$1" 2>/dev/null; do
    (( SECONDS < $2 )) || return 1
    sleep 0.2
  done
}
