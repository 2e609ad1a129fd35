#!/usr/bin/env bash
# Benchmark (issue 13): how long the gateway takes from its launch to ready (/health/ready answers 200: database
# migrated, keys loaded, SFTP listening, audit chain verified), on the embedded H2 default with demo data: once on an
# empty data directory (the demo world is created) and then for each restart on the same directory. Each start is split
# into where the time goes, read from the gateway's log: the JVM and Payara Micro's own boot (up to Payara's
# "startup time" line), the deployment of the application (Payara's "deployed in" figure) and the gateway's own start
# (schema, keys, demo world, SFTP endpoint) up to ready. Prints figures; asserts no timing.
#   bench/restart-time.sh [restarts]    default: 5
# Ports: BENCH_HTTP_PORT, BENCH_HTTPS_PORT, BENCH_SFTP_PORT (default 18681, 18643, 2722). `./sekisho demo` builds the
# gateway if its sources are newer than the bundle; SEKISHO_SKIP_BUILD=true takes the bundle as built (BenchmarksIT
# sets it: the same `mvn verify` has just built it).
# BenchmarksIT (system-tests) runs this in CI with these arguments and checks that it printed these lines:
# CI: 1
# CI expects: ^first start \(demo world created\): +[\d.]+ s to ready \(Payara [\d.]+ s, deployment [\d.]+ s, gateway [\d.]+ s\)$
# CI expects: ^restart 1: +[\d.]+ s to ready \(Payara [\d.]+ s, deployment [\d.]+ s, gateway [\d.]+ s\)$
# CI expects: ^restart to ready over 1 restarts: [\d.]+ s min, [\d.]+ s median, [\d.]+ s max$
set -euo pipefail
cd "$(dirname "$0")/.."
restarts=${1:-5}
[[ $restarts =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/restart-time.sh [restarts, at least 1]" >&2; exit 2; }
work=$(mktemp -d)
runner=
stop_gateway() {
  [[ -n $runner ]] || return 0
  # The runner's EXIT trap stops the gateway and waits for it.
  kill "$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  runner=
}
cleanup() {
  set +e
  stop_gateway
  rm -rf "$work"
}
trap cleanup EXIT
# Without these, bash ends on SIGTERM (BenchmarksIT stopping a run that hangs) or Ctrl-C without its EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

export SEKISHO_DATA_DIR=$work/data SEKISHO_HTTP_PORT=${BENCH_HTTP_PORT:-18681}
export SEKISHO_HTTPS_PORT=${BENCH_HTTPS_PORT:-18643} SEKISHO_SFTP_PORT=${BENCH_SFTP_PORT:-2722}
ready_url=http://127.0.0.1:$SEKISHO_HTTP_PORT/health/ready
log=$SEKISHO_DATA_DIR/gateway.log

now() { local t=$EPOCHREALTIME; echo "${t/,/.}"; }
# This start's log, from byte $1. The readers below take the first match with awk, which reads to the end: a `grep -m 1`
# would leave its writer to die of SIGPIPE, and pipefail would end the script with 141.
this_start() { tail -c +"$(($1 + 1))" "$log" | sed 's/\x1b\[[0-9;]*m//g'; }
# The epoch seconds of the first record of this start's log (from byte $1) whose text matches $2.
logged_at() {
  local stamp
  stamp=$(this_start "$1" | awk -v pattern="$2" '!found && $0 ~ pattern {
    found = 1; print substr($1, 2, length($1) - 2) }')
  [[ -n $stamp ]] && date -d "$stamp" +%s.%N
}

# One start to ready; writes "<seconds to ready> <Payara> <deployment> <gateway>" to $work/figures. Runs in this
# shell (not in a subshell), so that the runner it starts is the one stop_gateway stops.
timed_start() {
  local offset started ready booted deployed_ms deployed_at
  offset=$(stat -c %s "$log" 2>/dev/null || echo 0)
  started=$(now)
  setsid ./sekisho demo >>"$work/runner.out" 2>&1 &
  runner=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ready_url" 2>/dev/null) == 200 ]]; do
    if ! kill -0 "$runner" 2>/dev/null; then
      echo "the gateway did not start:" >&2
      tail -n 20 "$work/runner.out" >&2
      exit 1
    fi
    awk -v from="$started" -v to="$(now)" 'BEGIN { exit !(to - from > 300) }' \
      && { echo "the gateway was not ready within 300 s" >&2; exit 1; }
    sleep 0.1
  done
  ready=$(now)
  booted=$(logged_at "$offset" 'Payara Micro .* startup time')
  deployed_ms=$(this_start "$offset" | awk '!found && match($0, /was successfully deployed in [0-9,]+ milliseconds/) {
    found = 1; figure = substr($0, RSTART + 29, RLENGTH - 42); gsub(",", "", figure); print figure }')
  deployed_at=$(logged_at "$offset" 'was successfully deployed in')
  awk -v started="$started" -v ready="$ready" -v booted="$booted" -v deployed_ms="$deployed_ms" \
    -v deployed_at="$deployed_at" 'BEGIN { printf "%.1f %.1f %.1f %.1f\n", ready - started, booted - started,
      deployed_ms / 1000, ready - deployed_at }' >"$work/figures"
}

report() {
  printf '%-28s %5.1f s to ready (Payara %.1f s, deployment %.1f s, gateway %.1f s)\n' "$1:" $2 $3 $4 $5
}

mkdir -p "$SEKISHO_DATA_DIR"
timed_start
read -r total payara deployment gateway <"$work/figures"
report "first start (demo world created)" "$total" "$payara" "$deployment" "$gateway"
stop_gateway
totals=()
for run in $(seq 1 "$restarts"); do
  timed_start
  read -r total payara deployment gateway <"$work/figures"
  report "restart $run" "$total" "$payara" "$deployment" "$gateway"
  totals+=("$total")
  stop_gateway
done
printf '%s\n' "${totals[@]}" | sort -n | awk -v n="$restarts" '{ v[NR] = $1 } END {
  median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "restart to ready over %d restarts: %.1f s min, %.1f s median, %.1f s max\n", n, v[1], median, v[NR] }'
