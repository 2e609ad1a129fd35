#!/usr/bin/env bash
# Benchmark: the same file pushed and pulled with the OpenSSH sftp client (its default settings, as a user runs it)
# through a stock OpenSSH sshd and through the gateway, both on loopback, in one run. The gateway seals the file
# while it streams in (upload) and serves the sealed file (download), under a 512 MiB heap limit. Prints MB/s for
# each, the ratio gateway/OpenSSH, and the gateway's peak heap and RSS.
#   bench/throughput-vs-openssh.sh [size in MiB ...]    default: 1024 4096
# Needs sshd (apt-get install openssh-server), oathtool, openssl, python3; about 3 × the largest size of free disk.
set -euo pipefail
cd "$(dirname "$0")/.."
if (($#)); then sizes=("$@"); else sizes=(1024 4096); fi
command -v /usr/sbin/sshd >/dev/null || { echo "sshd is missing: apt-get install openssh-server" >&2; exit 2; }
work=$(mktemp -d)
cleanup() {
  set +e
  [[ -f $work/sshd.pid ]] && kill "$(cat "$work/sshd.pid")" 2>/dev/null
  [[ -n ${sampler:-} ]] && kill "$sampler" 2>/dev/null
  [[ -n ${runner:-} ]] && { kill "$runner" 2>/dev/null; wait "$runner" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT

mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6 / float(sys.argv[2]):.0f}')" "$1" "$2"; }
# Throughput of the gateway over OpenSSH's, from the two durations.
ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$1" "$2"; }
seconds() { python3 -c "import time; print(time.time())"; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
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
api=http://127.0.0.1:$SEKISHO_HTTP_PORT/api
./sekisho demo >"$work/gateway.out" 2>&1 &
runner=$!
for _ in $(seq 1 240); do curl -fsS "$api/gateway" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$api/gateway" >/dev/null || { cat "$work/gateway.out"; exit 1; }
gateway_pid=$(pgrep -f "sekisho-microbundle.jar.*--port $SEKISHO_HTTP_PORT" | head -n 1)
D=$SEKISHO_DATA_DIR/demo
gateway=(-P "$SEKISHO_SFTP_PORT" "${client_options[@]}")

# Peak heap in use, sampled twice a second from the JVM's own counters (S0U + S1U + EU + OU of jstat -gc).
echo 0 >"$work/heap_peak_kib"
(
  while kill -0 "$gateway_pid" 2>/dev/null; do
    jstat -gc "$gateway_pid" 2>/dev/null | awk -v file="$work/heap_peak_kib" 'NR == 2 {
      used = $3 + $4 + $6 + $8; getline peak < file; close(file);
      if (used > peak) { print int(used) > file; close(file) } }'
    sleep 0.5
  done
) &
sampler=$!

cred() { python3 -c "import json,sys;print(next(o[sys.argv[2]] for o in json.load(open('$D/officials.json')) if o['login']==sys.argv[1]))" "$1" "$2"; }
field() { python3 -c "import json,sys;print(json.load(sys.stdin)$1)"; }
# A code from a time step no earlier call used: logins and approvals each consume one. Calls run in subshells,
# so the last step used per official is kept in a file.
code() {
  local step=$(($(date +%s) / 30)) used
  used=$(cat "$work/step-$1" 2>/dev/null || echo 0)
  if ((step <= used)); then sleep $(((used + 1) * 30 - $(date +%s) + 1)); step=$((used + 1)); fi
  echo "$step" >"$work/step-$1"
  oathtool --totp -b "$(cred "$1" totpSecret)" -N "@$((step * 30))"
}
login() { curl -fsS "$api/sessions" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$1\",\"password\":\"$(cred "$1" password)\",\"totp\":\"$(code "$1")\"}" | field '["token"]'; }

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
  batch=$(curl -fsS "$api/batches" -H "Authorization: Bearer $requester" \
    | python3 -c "import json,sys;print(next(b['id'] for b in json.load(sys.stdin)['batches'] if b['name']=='$batch_name'))")
  digest=$(curl -fsS "$api/batches/$batch/submit" -H "Authorization: Bearer $requester" \
    -H 'Content-Type: application/json' -d '{"purpose":"benchmark"}' | field '["manifestDigest"]')
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
