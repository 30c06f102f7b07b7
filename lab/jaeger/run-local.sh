#!/usr/bin/env bash
# Test-only: starts the lab Jaeger v2 binary in the background with the given config (the tests
# pass the one the program renders) and waits until its health check answers. Prints the pid on
# stdout; stop it with `kill PID`. Run it where its listeners reach nothing else: the integration
# tier uses a network namespace of its own.
#
#   run-local.sh CONFIG.yaml [CONFIG.yaml ...]
#
# Env: JAEGER_HOST (127.0.0.1) and JAEGER_HEALTH_PORT (13133): where the health check is asked;
#      JAEGER_LOG (log file, default $LAB_CACHE/run/jaeger-<health port>.log);
#      JAEGER_WAIT_SECONDS (30).
LAB_PART=jaeger
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bin="$("$here/build.sh")"
export JAEGER_HOST="${JAEGER_HOST:-127.0.0.1}"
export JAEGER_HEALTH_PORT="${JAEGER_HEALTH_PORT:-13133}"

configs=("$@")
(( ${#configs[@]} )) || lab_die "usage: run-local.sh CONFIG.yaml [CONFIG.yaml ...]"
args=()
for c in "${configs[@]}"; do
  [[ -f "$c" ]] || lab_die "no such config: $c"
  args+=("--config" "file:$(cd "$(dirname "$c")" && pwd)/$(basename "$c")")
done

mkdir -p "$LAB_CACHE/run"
log="${JAEGER_LOG:-$LAB_CACHE/run/jaeger-$JAEGER_HEALTH_PORT.log}"
health="http://$JAEGER_HOST:$JAEGER_HEALTH_PORT/status"
if curl -fsS -m 2 "$health" >/dev/null 2>&1; then
  lab_die "something already answers on $health"
fi

setsid "$bin" "${args[@]}" >"$log" 2>&1 </dev/null &
pid=$!
deadline=$((SECONDS + ${JAEGER_WAIT_SECONDS:-30}))
until curl -fsS -m 2 "$health" 2>/dev/null | grep -q '"healthy":true'; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$log" >&2
    lab_die "jaeger exited during start-up (log: $log)"
  fi
  if (( SECONDS >= deadline )); then
    kill "$pid" 2>/dev/null || true
    tail -n 20 "$log" >&2
    lab_die "jaeger not healthy on $health after ${JAEGER_WAIT_SECONDS:-30} s (log: $log)"
  fi
  sleep 0.5
done
lab_log "jaeger pid $pid healthy on $health (log: $log)"
echo "$pid"
