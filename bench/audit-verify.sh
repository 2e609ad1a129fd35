#!/usr/bin/env bash
# Benchmark: verify an audit export of generated events offline, as an auditor would. Writes the export (a signed
# checkpoint every 100,000 events), the gateway certificate and the last checkpoint kept apart, times ChainVerifier
# in one JVM (twice: cold, then warm), then times `sekisho-cli verify-audit` on the same files, JVM start included.
#   bench/audit-verify.sh [events]    default: 1000000 (about 460 MB of export; needs ~1 GB of free disk)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
if [[ ! -f gateway-cli/target/sekisho-cli.jar || ! -d gateway-ejb/target/test-classes ]]; then
  mvn -B -q -pl gateway-cli -am package -DskipTests
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -cp gateway-cli/target/sekisho-cli.jar:gateway-ejb/target/test-classes \
  jp.sekisho.audit.control.ChainVerifierBenchmark "$work" "$events"
start=$(date +%s.%N)
java -jar gateway-cli/target/sekisho-cli.jar verify-audit "$work/audit-export.jsonl" \
  --gateway-cert "$work/gateway.pem" --checkpoint "$work/checkpoint.json" 2>/dev/null | cut -c1-160
end=$(date +%s.%N)
python3 -c "import sys; print(f'sekisho-cli verify-audit: {float(sys.argv[2]) - float(sys.argv[1]):.2f} s for {int(sys.argv[3]):,} events')" \
  "$start" "$end" "$events"
