#!/usr/bin/env bash
# Test-only: runs the Milvus 2.3 standalone binary from the PyPI wheel (see install.sh) in the
# background, every port pinned (no drift), and waits until /healthz answers OK. Prints the pid
# on stdout; stop it with `kill PID`, then
# `kill -9 PID` if it is still there after ~10 s: Milvus 2.3's graceful stop often hangs
# (seen >60 s, with tracing on or off).
#
# It does what the wheel's `milvus-server` wrapper does (extract bin/, render configs/milvus.yaml,
# run `bin/milvus run standalone` with cwd = base dir), but runs the binary itself, so that the
# metrics/health port is pinned too and the embedded etcd ports can be moved.
#
# Env: MILVUS_PORT (19530, gRPC), MILVUS_HEALTH_PORT (9091, /healthz + metrics),
#      MILVUS_PORT_OFFSET (0; added to every internal port: coordinators/nodes 53100 19529 19531
#        21123 22930 21121 13333 21124 and embedded etcd 2379/2380),
#      MILVUS_BASE (data, config and logs; default $LAB_CACHE/run/milvus-<port>),
#      MILVUS_FRESH=1 (wipe MILVUS_BASE's data, logs and config first), MILVUS_WAIT_SECONDS (120).
# Tracing: export TRACE_EXPORTER=otlp TRACE_SAMPLEFRACTION=... TRACE_OTLP_ENDPOINT=host:port
#      TRACE_OTLP_SECURE=true|false (and SSL_CERT_FILE for a private CA) before calling; the
#      process inherits them and env outranks milvus.yaml.
LAB_PART=milvus
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

venv="$("$here/install.sh")"
port="${MILVUS_PORT:-19530}"
health_port="${MILVUS_HEALTH_PORT:-9091}"
off="${MILVUS_PORT_OFFSET:-0}"
base="${MILVUS_BASE:-$LAB_CACHE/run/milvus-$port}"
# Fresh: drop data, logs and config but keep the extracted bin/ (extraction takes ~5 s).
if [[ "${MILVUS_FRESH:-0}" == 1 ]]; then rm -rf "$base/data" "$base/logs" "$base/configs" "$base/run"; fi
mkdir -p "$base/logs" "$base/configs"

if curl -fsS -m 2 "http://127.0.0.1:$health_port/healthz" >/dev/null 2>&1; then
  lab_die "something already answers on 127.0.0.1:$health_port/healthz"
fi

# Render configs/milvus.yaml with the wheel's own template engine. Ports passed to the
# constructor are pinned (it raises if one is taken); role IPs are set to 127.0.0.1 so the
# roles talk to each other over loopback (they still listen on all interfaces).
"$venv/bin/python" - "$base" "$port" "$off" <<'PY' || lab_die "could not render milvus.yaml"
import socket, sys
from milvus import MilvusServerConfig, _initialize_data_files

class Config(MilvusServerConfig):
    # The wheel probes each port with a plain bind, which fails for a minute after a restart
    # (TIME_WAIT); Milvus itself listens with SO_REUSEADDR, so probe the same way.
    def try_bind_port(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
            return sock
        except OSError:
            sock.close()
            return None

base, port, off = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ports = dict(root_coord_port=53100, proxy_internal_port=19529, query_coord_port=19531,
             query_node_port=21123, index_coord_port=22930, index_node_port=21121,
             data_coord_port=13333, data_node_port=21124, etcd_port=2379)
cfg = Config(data_dir=base, proxy_port=port, **{k: v + off for k, v in ports.items()})
for role in ("rootCoord", "proxy", "queryCoord", "queryNode", "indexCoord", "indexNode",
             "dataCoord", "dataNode"):
    cfg.set(role + ".ip", "127.0.0.1")
cfg.resolve()
_initialize_data_files(base)
PY
etcd_client=$((2379 + off)) etcd_peer=$((2380 + off))
cat >"$base/configs/embedEtcd.yaml" <<YAML
listen-client-urls: http://127.0.0.1:$etcd_client
advertise-client-urls: http://127.0.0.1:$etcd_client
listen-peer-urls: http://127.0.0.1:$etcd_peer
initial-advertise-peer-urls: http://127.0.0.1:$etcd_peer
initial-cluster: default=http://127.0.0.1:$etcd_peer
YAML

cd "$base"
started=$SECONDS
LD_LIBRARY_PATH="$base/bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
DEPLOY_MODE=STANDALONE METRICS_PORT="$health_port" MILVUS_RUN_DIR="$base/run" \
ETCD_CONFIG_PATH="$base/configs/embedEtcd.yaml" \
  setsid "$base/bin/milvus" run standalone >"$base/logs/milvus-stdout.log" 2>"$base/logs/milvus-stderr.log" </dev/null &
pid=$!
deadline=$((SECONDS + ${MILVUS_WAIT_SECONDS:-120}))
until [[ "$(curl -fsS -m 2 "http://127.0.0.1:$health_port/healthz" 2>/dev/null)" == *OK* ]]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$base/logs/milvus-stderr.log" >&2
    lab_die "milvus exited during start-up (logs: $base/logs)"
  fi
  if (( SECONDS >= deadline )); then
    kill "$pid" 2>/dev/null || true
    lab_die "milvus not healthy on :$health_port after ${MILVUS_WAIT_SECONDS:-120} s (logs: $base/logs)"
  fi
  sleep 0.5
done
lab_log "milvus pid $pid healthy on 127.0.0.1:$port (health :$health_port) after $((SECONDS - started)) s (logs: $base/logs)"
echo "$pid"
