#!/usr/bin/env bash
# Benchmark: moves one file (default 1 GiB) through the whole flow on a gateway limited to a 512 MiB heap, and
# prints figures: upload MB/s (sealing included), download MB/s, peak RSS and heap after the run. The run succeeding
# with a file twice the heap limit shows that memory does not grow with file size.
#   bench/one-file-through-the-gateway.sh [size in MiB, default 1024]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
work=$(mktemp -d)
trap 'kill "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; rm -rf "$work"' EXIT

export SEKISHO_DATA_DIR=$work/data SEKISHO_HTTP_PORT=${BENCH_HTTP_PORT:-18481} SEKISHO_SFTP_PORT=${BENCH_SFTP_PORT:-2422}
export SEKISHO_JAVA_OPTS="-Xmx512m"
api=http://127.0.0.1:$SEKISHO_HTTP_PORT/api
./sekisho demo >"$work/gateway.out" 2>&1 &
runner=$!
for _ in $(seq 1 240); do curl -fsS "$api/gateway" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$api/gateway" >/dev/null || { cat "$work/gateway.out"; exit 1; }
gateway_pid=$(pgrep -f "sekisho-microbundle.jar.*--port $SEKISHO_HTTP_PORT" | head -n 1)
D=$SEKISHO_DATA_DIR/demo
ssh_options=(-P "$SEKISHO_SFTP_PORT" -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$work/known_hosts")

echo "Generating ${size_mib} MiB of test data..."
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/extract.bin"
bytes=$(stat -c %s "$work/extract.bin")
mbps() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6 / float(sys.argv[2]):.0f}')" "$1" "$2"; }
seconds() { python3 -c "import time; print(time.time())"; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

start=$(seconds)
sftp -q -b - -i "$D/benefits_ed25519" "${ssh_options[@]}" benefits@127.0.0.1 >/dev/null <<SFTP
mkdir /benefits-to-callcenter/bench
put $work/extract.bin /benefits-to-callcenter/bench/extract.bin
SFTP
upload_s=$(elapsed "$start" "$(seconds)")

cred() { python3 -c "import json,sys;print(next(o[sys.argv[2]] for o in json.load(open('$D/officials.json')) if o['login']==sys.argv[1]))" "$1" "$2"; }
code() { oathtool --totp -b "$(cred "$1" totpSecret)" ${2:+-N "@$(($(date +%s) + 30))"}; }
field() { python3 -c "import json,sys;print(json.load(sys.stdin)$1)"; }
login() { curl -fsS "$api/sessions" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$1\",\"password\":\"$(cred "$1" password)\",\"totp\":\"$(code "$1")\"}" | field '["token"]'; }
requester=$(login requester)
batch=$(curl -fsS "$api/batches" -H "Authorization: Bearer $requester" | field '["batches"][0]["id"]')
digest=$(curl -fsS "$api/batches/$batch/submit" -H "Authorization: Bearer $requester" -H 'Content-Type: application/json' \
  -d '{"purpose":"benchmark"}' | field '["manifestDigest"]')
for approver in approver1 approver2; do
  token=$(login $approver)
  curl -fsS "$api/batches/$batch/approvals" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"decision\":\"APPROVE\",\"manifestDigest\":\"$digest\",\"totp\":\"$(code $approver next)\"}" >/dev/null
done

start=$(seconds)
sftp -q -b - -i "$D/callcenter_ed25519" "${ssh_options[@]}" callcenter@127.0.0.1 >/dev/null <<SFTP
get /benefits-to-callcenter/bench/extract.bin.p7m $work/extract.bin.p7m
SFTP
download_s=$(elapsed "$start" "$(seconds)")

openssl cms -decrypt -binary -inform DER -in "$work/extract.bin.p7m" -inkey "$D/callcenter-recipient-key.pem" \
  -recip "$D/callcenter-recipient-cert.pem" -out "$work/opened.bin"
cmp -s "$work/extract.bin" "$work/opened.bin" && verdict="identical" || verdict="DIFFERENT"
state=$(curl -fsS "$api/batches/$batch" -H "Authorization: Bearer $requester" | field '["state"]')
rss_peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$gateway_pid/status")
heap=$(jcmd "$gateway_pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ {print; exit}')

cat <<RESULT
file                 $((bytes / 1024 / 1024)) MiB
upload (sealed)      ${upload_s} s  $(mbps "$bytes" "$upload_s") MB/s   (OpenSSH sftp, default settings)
download             ${download_s} s  $(mbps "$bytes" "$download_s") MB/s
decrypted by openssl $verdict
batch after download $state
gateway heap limit   512 MiB (-Xmx512m)
gateway peak RSS     ${rss_peak} MiB
gateway heap now     ${heap}
RESULT
[[ $verdict == identical && $state == DELIVERED ]]
