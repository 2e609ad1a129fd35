#!/usr/bin/env bash
# Benchmark: the same file pushed and pulled with the OpenSSH sftp client (its default settings, as a user runs it)
# through a stock OpenSSH sshd and through the gateway, both on loopback, in one run. The gateway seals the file
# while it streams in (upload) and serves the sealed file (download), under a 512 MiB heap limit. Prints MB/s for
# each, the ratio gateway/OpenSSH, and the gateway's peak heap and RSS.
#   bench/throughput-vs-openssh.sh [size in MiB ...]    default: 1024 4096
# Needs sshd (apt-get install openssh-server), oathtool, openssl, python3; about 3 × the largest size of free disk.
# Ports: BENCH_HTTP_PORT, BENCH_HTTPS_PORT, BENCH_SFTP_PORT (the gateway) and BENCH_SSHD_PORT (default 18481, 18443,
# 2422, 2522). `./sekisho demo` builds the gateway if its sources are newer than the bundle; SEKISHO_SKIP_BUILD=true
# takes the bundle and the CLI jar as built (BenchmarksIT sets it: the same `mvn verify` has just built them).
# BenchmarksIT (system-tests) runs this in CI with these arguments and checks that it printed these lines:
# CI: 32
# CI expects: ^\d+ +upload +\d+ MB/s +\d+ MB/s +\d+\.\d+$
# CI expects: ^\d+ +download +\d+ MB/s +\d+ MB/s +\d+\.\d+$
# CI expects: opened by sekisho-cli: identical; gateway peak heap so far \d+ MiB, peak RSS \d+ MiB
set -euo pipefail
cd "$(dirname "$0")/.."
if (($#)); then sizes=("$@"); else sizes=(1024 4096); fi
command -v /usr/sbin/sshd >/dev/null || { echo "sshd is missing: apt-get install openssh-server" >&2; exit 2; }
if [[ ${SEKISHO_SKIP_BUILD:-} == true && ! -f gateway-cli/target/sekisho-cli.jar ]]; then
  echo "SEKISHO_SKIP_BUILD=true, but gateway-cli/target/sekisho-cli.jar is missing" >&2
  exit 2
fi
work=$(mktemp -d)
cleanup() {
  set +e
  [[ -f $work/sshd.pid ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
  [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null
  [[ -n ${runner:-} ]] && { kill "$runner" 2>/dev/null; wait "$runner" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
# Without these, bash ends on SIGTERM (BenchmarksIT stopping a run that hangs) or Ctrl-C without its EXIT trap, and
# the gateway and sshd would be left running.
trap 'exit 130' INT
trap 'exit 143' TERM

# Figures with awk and bash's own clock: a python3 start can take 0.4 s (a pyenv shim), which in seconds() would land
# inside the intervals measured.
mbps() { awk -v bytes="$1" -v seconds="$2" 'BEGIN { printf "%.0f\n", bytes / 1e6 / seconds }'; }
# Throughput of the gateway over OpenSSH's, from the two durations.
ratio() { awk -v gateway="$1" -v openssh="$2" 'BEGIN { printf "%.2f\n", openssh / gateway }'; }
seconds() { local now=$EPOCHREALTIME; echo "${now/,/.}"; }
elapsed() { awk -v from="$1" -v to="$2" 'BEGIN { printf "%.2f\n", to - from }'; }
client_options=(-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$work/known_hosts" -o BatchMode=yes)

# A stock sshd: its own host key, one authorized key, internal-sftp, loopback only, default algorithms.
mkdir -p /run/sshd "$work/openssh-files"
ssh-keygen -q -t ed25519 -N '' -f "$work/sshd_host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
cat >"$work/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port ${BENCH_SSHD_PORT:-2522}
HostKey $work/sshd_host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
Subsystem sftp internal-sftp
CONFIG
/usr/sbin/sshd -f "$work/sshd_config"
openssh=(-i "$work/client_key" -P "${BENCH_SSHD_PORT:-2522}" "${client_options[@]}" "$(id -un)@127.0.0.1")

# The gateway with demo data and a 512 MiB heap.
export SEKISHO_DATA_DIR=$work/data SEKISHO_HTTP_PORT=${BENCH_HTTP_PORT:-18481} SEKISHO_SFTP_PORT=${BENCH_SFTP_PORT:-2422}
export SEKISHO_HTTPS_PORT=${BENCH_HTTPS_PORT:-18443}
export SEKISHO_JAVA_OPTS="-Xmx512m"
api=https://127.0.0.1:$SEKISHO_HTTPS_PORT/api
# The API answers over HTTPS only, with a certificate from the gateway's local CA (config/prepare-start).
curl() { command curl --cacert "$SEKISHO_DATA_DIR/https/local-ca.pem" "$@"; }
./sekisho demo >"$work/gateway.out" 2>&1 &
runner=$!
for _ in $(seq 1 240); do
  curl -fsS "$api/gateway" >/dev/null 2>&1 && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 1
done
curl -fsS "$api/gateway" >/dev/null || { cat "$work/gateway.out"; exit 1; }
gateway_pid=$(pgrep -f "sekisho-microbundle.jar.*--port $SEKISHO_HTTP_PORT" | head -n 1)
D=$SEKISHO_DATA_DIR/demo
gateway=(-P "$SEKISHO_SFTP_PORT" "${client_options[@]}")

# Peak heap in use, sampled twice a second from the JVM's own counters (S0U + S1U + EU + OU of jstat -gc). One
# jstat samples at its own interval until the gateway ends: a new jstat JVM per sample would take a good part of a
# core from the transfers being measured.
echo 0 >"$work/heap_peak_kib"
jstat -gc "$gateway_pid" 500 2>/dev/null | awk -v file="$work/heap_peak_kib" '$1 ~ /^[0-9.]+$/ {
  used = $3 + $4 + $6 + $8; if (used > peak) { peak = used; print int(peak) > file; close(file) } }' >/dev/null &
sampler=$!

# The demo officials' passwords and TOTP secrets, read once.
declare -A password totp_secret
while IFS=$'\t' read -r login official_password secret; do
  password[$login]=$official_password
  totp_secret[$login]=$secret
done < <(python3 -c "import json,sys
for o in json.load(open(sys.argv[1])): print(o['login'], o.get('password', ''), o.get('totpSecret', ''), sep='\t')" "$D/officials.json")
field() { python3 -c "import json,sys;print(json.load(sys.stdin)$1)"; }
# A code from a time step no earlier call used: logins and approvals each consume one. The gateway accepts the
# steps just before and after the current one, so the next step serves at once; only a step two ahead waits for
# the clock. Calls run in subshells, so the last step used per official is kept in a file.
code() {
  local step=$(($(date +%s) / 30)) used
  used=$(cat "$work/step-$1" 2>/dev/null || echo 0)
  if ((step <= used)); then
    step=$((used + 1))
    if (((step - 1) * 30 > $(date +%s))); then sleep $(((step - 1) * 30 - $(date +%s) + 1)); fi
  fi
  echo "$step" >"$work/step-$1"
  oathtool --totp -b "${totp_secret[$1]}" -N "@$((step * 30))"
}
login() { curl -fsS "$api/sessions" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$1\",\"password\":\"${password[$1]}\",\"totp\":\"$(code "$1")\"}" | field '["token"]'; }

printf '%-6s %-9s %10s %10s %7s\n' "MiB" "direction" "OpenSSH" "gateway" "ratio"
for size_mib in "${sizes[@]}"; do
  head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/extract.bin"
  bytes=$(stat -c %s "$work/extract.bin")
  batch_name=bench-$size_mib

  start=$(seconds)
  sftp -q -b - "${openssh[@]}" >/dev/null <<<"put $work/extract.bin $work/openssh-files/extract.bin"
  openssh_up=$(elapsed "$start" "$(seconds)")
  start=$(seconds)
  sftp -q -b - "${openssh[@]}" >/dev/null <<<"get $work/openssh-files/extract.bin $work/pulled-openssh.bin"
  openssh_down=$(elapsed "$start" "$(seconds)")
  rm -f "$work/openssh-files/extract.bin" "$work/pulled-openssh.bin"

  start=$(seconds)
  sftp -q -b - -i "$D/benefits_ed25519" "${gateway[@]}" benefits@127.0.0.1 >/dev/null <<SFTP
mkdir /benefits-to-callcenter/$batch_name
put $work/extract.bin /benefits-to-callcenter/$batch_name/extract.bin
SFTP
  gateway_up=$(elapsed "$start" "$(seconds)")

  requester=$(login requester)
  # The last day of use, a date in the requester's zone (the demo officials are in Tokyo).
  use_until=$(TZ=Asia/Tokyo date -d '+30 days' +%F)
  batch=$(curl -fsS "$api/batches" -H "Authorization: Bearer $requester" \
    | python3 -c "import json,sys;print(next(b['id'] for b in json.load(sys.stdin)['batches'] if b['name']=='$batch_name'))")
  digest=$(curl -fsS "$api/batches/$batch/submit" -H "Authorization: Bearer $requester" \
    -H 'Content-Type: application/json' -d "{\"purpose\":\"benchmark\",\"useUntil\":\"$use_until\"}" | field '["manifestDigest"]')
  for approver in approver1 approver2; do
    token=$(login "$approver")
    curl -fsS "$api/batches/$batch/approvals" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"decision\":\"APPROVE\",\"manifestDigest\":\"$digest\",\"totp\":\"$(code "$approver")\"}" >/dev/null
  done

  start=$(seconds)
  sftp -q -b - -i "$D/callcenter_ed25519" "${gateway[@]}" callcenter@127.0.0.1 >/dev/null <<SFTP
get /benefits-to-callcenter/$batch_name/extract.bin.p7m $work/extract.bin.p7m
SFTP
  gateway_down=$(elapsed "$start" "$(seconds)")

  # The recipient's tool checks it against the signed manifest and opens it in constant memory.
  sftp -q -b - -i "$D/callcenter_ed25519" "${gateway[@]}" callcenter@127.0.0.1 >/dev/null <<SFTP
get /benefits-to-callcenter/$batch_name/manifest.json $work/manifest.json
get /benefits-to-callcenter/$batch_name/manifest.json.p7s $work/manifest.json.p7s
SFTP
  curl -fsS "$api/gateway/certificate" >"$work/gateway.pem"
  java -Xmx64m -jar gateway-cli/target/sekisho-cli.jar open "$work" --key "$D/callcenter-recipient-key.pem" \
    --cert "$D/callcenter-recipient-cert.pem" --gateway-cert "$work/gateway.pem" --out "$work/opened" \
    >/dev/null 2>"$work/open.log" || true
  cmp -s "$work/extract.bin" "$work/opened/extract.bin" && verdict="identical" || verdict="DIFFERENT"
  rm -rf "$work/extract.bin.p7m" "$work/opened" "$work/manifest.json" "$work/manifest.json.p7s"

  printf '%-6s %-9s %7s MB/s %5s MB/s %7s\n' "$size_mib" upload "$(mbps "$bytes" "$openssh_up")" \
    "$(mbps "$bytes" "$gateway_up")" "$(ratio "$gateway_up" "$openssh_up")"
  printf '%-6s %-9s %7s MB/s %5s MB/s %7s\n' "$size_mib" download "$(mbps "$bytes" "$openssh_down")" \
    "$(mbps "$bytes" "$gateway_down")" "$(ratio "$gateway_down" "$openssh_down")"
  echo "       opened by sekisho-cli: $verdict; gateway peak heap so far $(($(cat "$work/heap_peak_kib") / 1024)) MiB," \
    "peak RSS $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$gateway_pid/status") MiB (heap limit 512 MiB)"
  [[ $verdict == identical ]] || { cat "$work/open.log" >&2; exit 1; }
done
