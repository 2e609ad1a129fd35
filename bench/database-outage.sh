#!/usr/bin/env bash
# Benchmark (issue 12 §5): a database outage as the gateway's clients meet it. Starts the gateway with demo data on a
# fresh PostgreSQL database, sekisho_outage_bench, then has PostgreSQL refuse connections to it and cut the open ones
# for the given seconds. Meanwhile it times an SFTP login (OpenSSH sftp with the demo key) and an authenticated API
# call a few times and notes what each client was told; once the database is back, how long until both work again
# without a restart. Counts the records the gateway logged from the outage to its recovery. Drops the database at the
# end. Prints figures; asserts no timing.
#   bench/database-outage.sh [outage seconds]    default: 20
# Needs PostgreSQL on 127.0.0.1:5432 with trust authentication for postgres, psql, sftp, oathtool, python3.
# Ports: BENCH_HTTP_PORT, BENCH_HTTPS_PORT, BENCH_SFTP_PORT (default 18581, 18543, 2622). `./sekisho demo` builds the
# gateway if its sources are newer than the bundle; SEKISHO_SKIP_BUILD=true takes the bundle as built (BenchmarksIT
# sets it: the same `mvn verify` has just built it).
# BenchmarksIT (system-tests) runs this in CI with these arguments and checks that it printed these lines:
# CI: 8
# CI expects: ^SFTP login during the outage: [\d.]+ s min, [\d.]+ s max, client says: .*Service unavailable
# CI expects: ^API GET /api/batches during the outage: .*, status 503, Retry-After \d+, error database-unavailable$
# CI expects: ^log records from the outage to recovery: \d+ SEVERE, \d+ WARNING, \d+ INFO$
# CI expects: ^working again after the database returned: API [\d.]+ s, SFTP [\d.]+ s$
set -euo pipefail
cd "$(dirname "$0")/.."
outage_seconds=${1:-20}
if [[ ! $outage_seconds =~ ^[0-9]+$ ]] || ((outage_seconds < 3)); then
  echo "usage: bench/database-outage.sh [outage seconds, at least 3]" >&2
  exit 2
fi
for tool in psql sftp oathtool python3 curl timeout; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 2; }
done
database=sekisho_outage_bench
# Statements run from the database postgres, one per call: ALTER and DROP DATABASE refuse a transaction block, which
# several statements in one -c would make. -w: never wait at a password prompt.
sql() { psql -h 127.0.0.1 -U postgres -d postgres -w -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
cut_connections() {
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$database'" >/dev/null
}
drop_database() {
  [[ -n $(sql "SELECT 1 FROM pg_database WHERE datname = '$database'") ]] || return 0
  # No new connection may slip in between cutting the old ones and the DROP (a gateway left over from a killed run
  # would reconnect); DROP waits a few seconds for the cut backends to end.
  sql "ALTER DATABASE $database ALLOW_CONNECTIONS false"
  cut_connections
  sql "DROP DATABASE $database"
}

work=$(mktemp -d)
cleanup() {
  set +e
  if [[ -n ${runner:-} ]]; then
    # The runner's own exit trap stops the gateway and waits for it; then whatever is left of its process group
    # (setsid made the runner its leader), e.g. a gateway started just before the runner set that trap.
    kill "$runner" 2>/dev/null
    wait "$runner" 2>/dev/null
    kill -- -"$runner" 2>/dev/null
  fi
  # Should the DROP fail, at least the database is left accepting connections.
  drop_database || sql "ALTER DATABASE $database ALLOW_CONNECTIONS true"
  rm -rf "$work"
}
trap cleanup EXIT
# Without these, bash ends on SIGTERM (BenchmarksIT stopping a run that hangs) or Ctrl-C without its EXIT trap, and
# the gateway, and the database that refuses connections, would outlive it.
trap 'exit 130' INT
trap 'exit 143' TERM

# Figures with awk and bash's own clock: a python3 start can take 0.4 s (a pyenv shim), which would land inside the
# intervals measured.
now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v from="$1" -v to="$2" -v digits="${3:-2}" 'BEGIN { printf "%.*f\n", digits, to - from }'; }
# True once more than $2 seconds have passed since $1.
passed() { awk -v from="$1" -v to="$(now)" -v limit="$2" 'BEGIN { exit !(to - from > limit) }'; }
# Sleeps until $1 seconds after the time $2; at once if that has passed.
sleep_until() { sleep "$(awk -v at="$2" -v offset="$1" -v now="$(now)" \
  'BEGIN { w = at + offset - now; printf "%.3f\n", (w > 0 ? w : 0) }')"; }
# "0.17 s min, 0.21 s max" of the durations given, one per line.
min_max() { awk 'NR == 1 || $1 < min { min = $1 } NR == 1 || $1 > max { max = $1 }
  END { printf "%.2f s min, %.2f s max\n", min, max }'; }
# The distinct lines given, in their first order, joined by $1: a value that changed during the outage shows both.
distinct() { awk -v separator="$1" '!seen[$0]++ { printf "%s%s", (n++ ? separator : ""), $0 } END { print "" }'; }

drop_database
sql "CREATE DATABASE $database"

# The gateway with demo data, on that database. setsid: the runner leads its own process group, so that the exit trap
# can end all of it.
export SEKISHO_DB_URL=jdbc:postgresql://127.0.0.1:5432/$database SEKISHO_DB_USER=postgres
export SEKISHO_DATA_DIR=$work/data SEKISHO_HTTP_PORT=${BENCH_HTTP_PORT:-18581}
export SEKISHO_HTTPS_PORT=${BENCH_HTTPS_PORT:-18543} SEKISHO_SFTP_PORT=${BENCH_SFTP_PORT:-2622}
api=https://127.0.0.1:$SEKISHO_HTTPS_PORT/api
# The API answers over HTTPS only, with a certificate from the gateway's local CA (config/prepare-start).
curl() { command curl --cacert "$SEKISHO_DATA_DIR/https/local-ca.pem" "$@"; }
log=$SEKISHO_DATA_DIR/gateway.log
setsid ./sekisho demo >"$work/gateway.out" 2>&1 &
runner=$!
for _ in $(seq 1 240); do
  curl -fsS "$api/gateway" >/dev/null 2>&1 && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 1
done
if ! curl -fsS "$api/gateway" >/dev/null; then
  cat "$work/gateway.out" >&2
  if [[ -f $log ]]; then tail -n 40 "$log" >&2; fi
  echo "the gateway did not start" >&2
  exit 1
fi
D=$SEKISHO_DATA_DIR/demo

# The requester's session: password and a TOTP code from the demo's officials.json (JSON written by python3, as the
# password may hold any character).
secret=$(python3 -c "import json,sys
print(next(o['totpSecret'] for o in json.load(open(sys.argv[1])) if o['login'] == 'requester'))" "$D/officials.json")
credentials=$(python3 -c "import json,sys
o = next(o for o in json.load(open(sys.argv[1])) if o['login'] == 'requester')
print(json.dumps({'login': o['login'], 'password': o['password'], 'totp': sys.argv[2]}))" \
  "$D/officials.json" "$(oathtool --totp -b "$secret")")
token=$(curl -fsS --max-time 30 "$api/sessions" -H 'Content-Type: application/json' -d "$credentials" \
  | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])') \
  || { echo "the requester could not log in over the API" >&2; exit 1; }

# One try of each client. Both are bounded by 60 s, so that a gateway that never answers cannot hang the benchmark.
client_options=(-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$work/known_hosts" -o BatchMode=yes)
# An SFTP login as the demo's benefits account, listing its root: sets sftp_status (0: logged in and listed) and
# sftp_said, what the client was told: the server's disconnect message if it sent one (the client ends with
# "Disconnected from …" and "Connection closed" after it), else the client's last line on stderr. Not -q: it would
# hide the disconnect message.
try_sftp() {
  sftp_status=0
  timeout 60 sftp -b - -P "$SEKISHO_SFTP_PORT" -i "$D/benefits_ed25519" "${client_options[@]}" benefits@127.0.0.1 \
    <<<"ls" >"$work/sftp.out" 2>"$work/sftp.err" || sftp_status=$?
  sftp_said=$(tr -d '\r' <"$work/sftp.err" | awk '/^Received disconnect/ { told = $0 } NF { last = $0 }
    END { print (told != "" ? told : last) }')
  if ((sftp_status == 124)); then
    sftp_said="no answer within 60 s"
  elif [[ -z $sftp_said ]]; then
    sftp_said="nothing (exit status $sftp_status)"
  fi
}
# GET /api/batches with the requester's token: sets api_status ("000" when curl got no answer), api_retry_after and
# api_error (the body's JSON error code), "none" when absent.
try_api() {
  # Emptied first: curl writes neither file when it gets no answer, and the last call's must not count.
  : >"$work/api.body"
  : >"$work/api.headers"
  api_status=$(curl -sS --max-time 60 -o "$work/api.body" -D "$work/api.headers" -w '%{http_code}' \
    -H "Authorization: Bearer $token" "$api/batches" 2>"$work/api.err") || true
  api_retry_after=$(tr -d '\r' <"$work/api.headers" | awk 'tolower($1) == "retry-after:" { value = $2 }
    END { print (value == "" ? "none" : value) }')
  api_error=$(sed -nE 's/.*"error" *: *"([^"]*)".*/\1/p' "$work/api.body" | awk 'NR == 1')
  api_error=${api_error:-none}
}

try_sftp
((sftp_status == 0)) || { echo "SFTP login before the outage failed: $sftp_said" >&2; exit 1; }
try_api
[[ $api_status == 200 ]] || { echo "GET /api/batches before the outage answered $api_status" >&2; exit 1; }

# The outage: PostgreSQL refuses new connections to the database and ends the open ones, as a database server that
# went away would (the gateway's pool is left with connections that are dead).
log_offset=$(stat -c %s "$log")
sql "ALTER DATABASE $database ALLOW_CONNECTIONS false"
cut_connections
outage_start=$(now)
# Up to four rounds, the first 2 s in (a sweep may have met the outage by then; if not, that round's SFTP login is
# the first to), the others spread over the outage. A round starts only while a second of the outage is left, so that
# a fast answer still falls inside it; a slow round delays the next ones and may make the outage longer than asked
# (the first line says how long it was).
interval=$(awk -v seconds="$outage_seconds" 'BEGIN { i = (seconds - 2) / 4; printf "%.2f\n", (i < 1 ? 1 : i) }')
sftp_seconds=() sftp_lines=() api_seconds=() api_statuses=() api_retry_afters=() api_errors=()
for round in 1 2 3 4; do
  offset=$(awk -v round="$round" -v interval="$interval" 'BEGIN { printf "%.2f\n", 2 + (round - 1) * interval }')
  if ((round > 1)); then
    if ! awk -v offset="$offset" -v seconds="$outage_seconds" 'BEGIN { exit !(offset < seconds - 1) }' \
      || passed "$outage_start" "$((outage_seconds - 1))"; then
      break
    fi
  fi
  sleep_until "$offset" "$outage_start"
  start=$(now)
  try_sftp
  sftp_seconds+=("$(elapsed "$start" "$(now)")")
  sftp_lines+=("$sftp_said")
  start=$(now)
  try_api
  api_seconds+=("$(elapsed "$start" "$(now)")")
  api_statuses+=("$api_status") api_retry_afters+=("$api_retry_after") api_errors+=("$api_error")
done
sleep_until "$outage_seconds" "$outage_start"

# The database returns; the gateway must find it again by itself. Both clients are tried every 0.2 s until each works.
sql "ALTER DATABASE $database ALLOW_CONNECTIONS true"
restored=$(now)
outage_lasted=$(elapsed "$outage_start" "$restored" 0)
api_back="" sftp_back=""
while true; do
  if [[ -z $api_back ]]; then
    try_api
    if [[ $api_status == 200 ]]; then api_back="$(elapsed "$restored" "$(now)" 1) s"; fi
  fi
  if [[ -z $sftp_back ]]; then
    try_sftp
    if ((sftp_status == 0)); then sftp_back="$(elapsed "$restored" "$(now)" 1) s"; fi
  fi
  if [[ -n $api_back && -n $sftp_back ]]; then break; fi
  if passed "$restored" 60; then
    api_back=${api_back:-"not within 60 s (last status $api_status)"}
    sftp_back=${sftp_back:-"not within 60 s (client says: $sftp_said)"}
    break
  fi
  sleep 0.2
done

# Records, not lines: Payara's log starts each record with "[time] [] [LEVEL] [" (the level and the logger in ANSI
# colours, which go first) and continues a message or a stack trace on lines of their own.
records() {
  tail -c +"$((log_offset + 1))" "$log" | sed 's/\x1b\[[0-9;]*m//g' | grep -cE "^\[[^]]*\] \[[^]]*\] \[$1\] \[" || true
}
severe=$(records SEVERE) warning=$(records WARNING) info=$(records INFO)

echo "outage of $outage_lasted s on PostgreSQL (ALLOW_CONNECTIONS false, backends terminated)"
echo "SFTP login during the outage: $(printf '%s\n' "${sftp_seconds[@]}" | min_max)," \
  "client says: $(printf '%s\n' "${sftp_lines[@]}" | distinct ' | ')"
echo "API GET /api/batches during the outage: $(printf '%s\n' "${api_seconds[@]}" | min_max)," \
  "status $(printf '%s\n' "${api_statuses[@]}" | distinct /)," \
  "Retry-After $(printf '%s\n' "${api_retry_afters[@]}" | distinct /)," \
  "error $(printf '%s\n' "${api_errors[@]}" | distinct /)"
echo "log records from the outage to recovery: $severe SEVERE, $warning WARNING, $info INFO"
echo "working again after the database returned: API $api_back, SFTP $sftp_back"
