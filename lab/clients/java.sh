#!/usr/bin/env bash
# The Java recipe (examples/clients/java) built with the machine's Maven and JDK, from a copy in
# the lab cache keyed by the pom's and sources' hash; Maven's local repository lives there too.
# Prints the build's target folder (milvus-client-java.jar, lib/, opentelemetry-javaagent.jar).
LAB_PART=clients-java
# shellcheck source=lab/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=lab/clients/common.sh
source "$LAB_DIR/clients/common.sh"

command -v mvn >/dev/null || lab_die "mvn is not on PATH (Debian: apt-get install maven)"
command -v java >/dev/null || lab_die "java is not on PATH (Debian: apt-get install default-jdk)"
src="$LAB_CLIENTS_SRC/java"
mapfile -t files < <(cd "$src" && find pom.xml src -type f | sort)
build="$LAB_CLIENTS_CACHE/java-$(cd "$src" && lab_clients_key "${files[@]}")"
if [[ -f "$build/target/milvus-client-java.jar" && -f "$build/target/opentelemetry-javaagent.jar" ]]; then
  lab_log "cached: $build/target"
  echo "$build/target"
  exit 0
fi
rm -rf "$build"; mkdir -p "$build"
(cd "$src" && cp --parents "${files[@]}" "$build/")
lab_slow "mvn package (Maven $(mvn -v 2>/dev/null | sed -n 's/\x1b\[[0-9;]*m//g; 1s/.*Maven \([^ ]*\).*/\1/p'), $(java -version 2>&1 | head -n 1))" "$build.mvn.log" \
  mvn -B -f "$build/pom.xml" -Dmaven.repo.local="$LAB_CLIENTS_CACHE/maven" -DskipTests package
echo "$build/target"
