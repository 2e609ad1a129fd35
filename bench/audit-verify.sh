#!/usr/bin/env bash
# Benchmark: verify an audit export of generated events offline, as an auditor would. Writes the export (a signed
# checkpoint every 100,000 events), the gateway certificate and the last checkpoint kept apart, times ChainVerifier
# in one JVM (twice: cold, then warm), then times `sekisho-cli verify-audit` on the same files, JVM start included.
#   bench/audit-verify.sh [events]    default: 1000000 (about 460 MB of export; needs ~1 GB of free disk)
# Builds the CLI jar and gateway-shared's test classes if they are missing; SEKISHO_SKIP_BUILD=true uses them as
# built and never runs Maven (BenchmarksIT sets it: the same `mvn verify` has just built them).
# BenchmarksIT (system-tests) runs this in CI with these arguments and checks that it printed these lines:
# CI: 20000
# CI expects: ^wrote [\d,]+ events \([\d,]+ bytes\) in [\d.]+ s$
# CI expects: ^run 2: verified in [\d.]+ s: intact: [\d,]+ events
# CI expects: ^OK: .*: the audit trail is intact
# CI expects: ^sekisho-cli verify-audit: [\d.]+ s for [\d,]+ events$
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
cli=gateway-cli/target/sekisho-cli.jar
benchmark_classes=gateway-shared/target/test-classes
if [[ ! -f $cli || ! -f $benchmark_classes/jp/sekisho/formats/ChainVerifierBenchmark.class ]]; then
  if [[ ${SEKISHO_SKIP_BUILD:-} == true ]]; then
    echo "SEKISHO_SKIP_BUILD=true, but $cli or ChainVerifierBenchmark in $benchmark_classes is missing" >&2
    exit 2
  fi
  mvn -B -q -pl gateway-cli -am package -DskipTests
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The CLI jar brings jp.sekisho.formats and Bouncy Castle; the benchmark and its generated chain are test classes.
java -cp "$cli:$benchmark_classes" jp.sekisho.formats.ChainVerifierBenchmark "$work" "$events"
start=$(date +%s.%N)
# Its progress goes to stderr, kept apart and shown only if it refuses (in CI, the reason belongs in the log).
if ! java -jar "$cli" verify-audit "$work/audit-export.jsonl" \
  --gateway-cert "$work/gateway.pem" --checkpoint "$work/checkpoint.json" 2>"$work/verify-audit.err" | cut -c1-160; then
  tail -n 20 "$work/verify-audit.err" >&2
  exit 1
fi
end=$(date +%s.%N)
python3 -c "import sys; print(f'sekisho-cli verify-audit: {float(sys.argv[2]) - float(sys.argv[1]):.2f} s for {int(sys.argv[3]):,} events')" \
  "$start" "$end" "$events"
