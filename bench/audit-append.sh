#!/usr/bin/env bash
# Benchmark (issue 5): audit appends on a long chain, on the local PostgreSQL. Recreates the database sekisho_bench,
# migrates it with the gateway's migrations, loads a valid chain of generated events with COPY, then times single-
# writer appends made as AuditTrail.append makes them (one transaction each) and ChainWatch's full verification of
# the chain, page by page. Drops sekisho_bench at the end. Prints figures; asserts no timing.
#   bench/audit-append.sh [events] [appends]    default: 1000000 20000 (about 600 MB of database while it runs)
# Needs PostgreSQL on 127.0.0.1:5432 with trust authentication for postgres (-Dsekisho.bench.url=jdbc:postgresql://
# host:port/ and -Dsekisho.bench.user=… in JAVA_TOOL_OPTIONS for another one).
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
appends=${2:-20000}
# Compiles the test classes and lists gateway-ejb's test classpath (flyway-core, the PostgreSQL driver, …); Maven's
# output is shown only when it fails (-q still prints colour codes that would run into the first figure).
if ! build=$(mvn -B -q -o -pl gateway-ejb -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt 2>&1); then
  echo "$build" >&2
  exit 1
fi
java -cp "gateway-ejb/target/test-classes:gateway-ejb/target/classes:$(cat gateway-ejb/target/bench-classpath.txt)" \
  jp.sekisho.audit.boundary.AuditAppendBenchmark "$events" "$appends"
