#!/usr/bin/env bash
# Builds the Jaeger v2 binary (cmd/jaeger) from the Go module proxy, static (CGO_ENABLED=0),
# in a scratch module under $LAB_CACHE. Prints the binary path on stdout.
#
# Version pin: the module github.com/jaegertracing/jaeger has no /v2 suffix, so v2.x tags are
# not module versions. The newest version the reachable module proxy serves is v1.76.0, which
# is the same commit as the v2.13.0 release tag (63b27e18). Newer v2 releases (v2.14+) would
# need a pseudo-version of their commit, and the proxy here answers 403 for those (and for
# plain commit hashes), so v2.13.0 is the newest v2 we can build.
JAEGER_VERSION="v2.13.0"            # the v2 release this binary is
JAEGER_MODULE_VERSION="v1.76.0"     # the module version of that same commit on the proxy
JAEGER_COMMIT="63b27e1810a710ac54dc4522da0538e540bdc545"
JAEGER_BUILD_DATE="2025-12-03T16:07:08Z"
# v1.76.0's go.mod replaces sarama; replace directives of a dependency are ignored, so repeat it.
SARAMA_REPLACE="github.com/Shopify/sarama=github.com/Shopify/sarama@v1.33.0"

LAB_PART=jaeger
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/go-build.sh
source "$LAB_DIR/go-build.sh"

out_dir="$LAB_CACHE/jaeger-$JAEGER_VERSION"
bin="$out_dir/jaeger"
if [[ -x "$bin" ]]; then
  lab_log "cached: $bin"
  echo "$bin"
  exit 0
fi

lab_go_env
src="$out_dir/src"
lab_go_scratch "$src" lab.local/jaeger-build
cd "$src" || exit
go mod edit -replace="$SARAMA_REPLACE"

# The checksum database has no entry for some of jaeger's dependencies (404 from the sumdb
# for several go.opentelemetry.io/collector modules). Jaeger's own go.sum lists every one of
# them, and jaeger itself is verified against the sumdb: seed our go.sum from it.
jaeger_dir="$(lab_go_download "github.com/jaegertracing/jaeger@$JAEGER_MODULE_VERSION" Dir)"
[[ -f "$jaeger_dir/go.sum" ]] || lab_die "no go.sum in the downloaded jaeger module ($jaeger_dir)"
touch go.sum
sort -u "$jaeger_dir/go.sum" go.sum > go.sum.new
mv go.sum.new go.sum

started=$SECONDS
lab_slow "go get jaeger $JAEGER_MODULE_VERSION (= $JAEGER_VERSION)" "$out_dir/get.log" \
  go get "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_MODULE_VERSION"

vpkg=github.com/jaegertracing/jaeger/internal/version
lab_go_build "go build cmd/jaeger (static)" "$src" "$bin" github.com/jaegertracing/jaeger/cmd/jaeger \
  "-X $vpkg.commitSHA=$JAEGER_COMMIT -X $vpkg.latestVersion=$JAEGER_VERSION -X $vpkg.date=$JAEGER_BUILD_DATE"
lab_log "built $bin in $((SECONDS - started)) s"
echo "$bin"
