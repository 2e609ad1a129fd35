#!/usr/bin/env bash
# Benchmark (issue 5): audit appends on a long chain, on the local PostgreSQL. Recreates the database sekisho_bench,
# migrates it with the gateway's migrations, loads a valid chain of generated events with COPY, then times single-
# writer appends made as AuditTrail.append makes them (one transaction each) and ChainWatch's full verification of
# the chain, page by page. Drops sekisho_bench at the end. Prints figures; asserts no timing.
#   bench/audit-append.sh [events] [appends]    default: 1000000 20000 (about 600 MB of database while it runs)
# Needs PostgreSQL on 127.0.0.1:5432 with trust authentication for postgres (-Dsekisho.bench.url=jdbc:postgresql://
# host:port/ and -Dsekisho.bench.user=… in JAVA_TOOL_OPTIONS for another one).
# BenchmarksIT (system-tests) runs this in CI with these arguments and checks that it printed these lines:
# CI: 20000 2000
# CI expects: ^appends, one transaction each, on a chain of [\d,]+: [\d,]+ appends at [\d,]+/s, p50
# CI expects: ^verified the whole chain \([\d,]+ events, pages of [\d,]+\) in [\d.]+ s: [\d,]+ events/s, intact$
# CI expects: ^summary: .*: [\d,]+ appends/s
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
appends=${2:-20000}
# Compiles the test classes; the build writes gateway-ejb's test classpath (flyway-core, the PostgreSQL driver, …)
# to gateway-ejb/target/bench-classpath.txt. Maven's output is shown only when it fails (-q still prints colour codes
# that would run into the first figure). SEKISHO_SKIP_BUILD=true takes the classes and the classpath as built and
# never runs Maven (BenchmarksIT sets it: the same `mvn verify` has just built them).
classpath_file=gateway-ejb/target/bench-classpath.txt
if [[ ${SEKISHO_SKIP_BUILD:-} == true ]]; then
  if [[ ! -f $classpath_file || ! -f gateway-ejb/target/test-classes/jp/sekisho/audit/boundary/AuditAppendBenchmark.class ]]; then
    echo "SEKISHO_SKIP_BUILD=true, but gateway-ejb's test classes or $classpath_file are missing" >&2
    exit 2
  fi
elif ! build=$(mvn -B -q -o -pl gateway-ejb -am process-test-classes 2>&1); then
  echo "$build" >&2
  exit 1
fi
java -cp "gateway-ejb/target/test-classes:gateway-ejb/target/classes:$(cat "$classpath_file")" \
  jp.sekisho.audit.boundary.AuditAppendBenchmark "$events" "$appends"
