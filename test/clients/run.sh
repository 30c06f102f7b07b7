#!/usr/bin/env bash
# The clients tier: the four client recipes of examples/clients (Python, Java, Go, Node), each run
# against the real Jaeger (Go-built) and the real Milvus (PyPI), plaintext and over TLS, in a
# network namespace of its own (lab/local-servers.sh); their toolchains come from lab/clients.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lab/lib.sh
source lab/lib.sh
lab_exclusive
LAB_PART=clients
# shellcheck source=lab/local-servers.sh
source lab/local-servers.sh
started=$SECONDS
lab_log "provisioning the clients' toolchains (cached after the first run)"
CLIENT_PYTHON="$(bash lab/clients/python.sh)"
CLIENT_JAVA_TARGET="$(bash lab/clients/java.sh)"
CLIENT_GO_BIN="$(bash lab/clients/go.sh)"
export CLIENT_PYTHON CLIENT_JAVA_TARGET CLIENT_GO_BIN
lab_log "clients provisioned in $((SECONDS - started)) s"
lab_log "running the clients in a private network namespace"
lab_isolated node --import tsx --test --test-concurrency=1 --test-reporter=spec test/clients/*.test.ts
