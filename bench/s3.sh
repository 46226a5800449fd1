#!/usr/bin/env bash
# S3 endpoint throughput: 16 clients PUT then GET 4 KiB and 64 KiB objects through Vireo's S3
# endpoint (SigV4-signed, payload hashed), against the same bytes written (fsync + rename) and read
# through the filesystem directly in the same run. Usage: bench/s3.sh [--seconds N]; needs root.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
SECONDS_EACH=10
[[ "${1:-}" == "--seconds" ]] && SECONDS_EACH=$2
JAVA_HOME=$("$ROOT/scripts/java-home.sh")
STATE=$(mktemp -d /var/tmp/vireo-s3bench.XXXX); SOCK=$STATE/vireo.sock; PORT=19090
"$ROOT/vireo" --help >/dev/null   # installs packages and builds when needed
"$JAVA_HOME/bin/java" -cp "$ROOT/vireo-server/target/vireo-server-0.1.0-SNAPSHOT.jar:$ROOT/vireo-server/target/lib/*" \
  dev.vireo.server.VireoDaemon --state-dir "$STATE/state" --socket "$SOCK" --s3-listen 127.0.0.1:$PORT \
  >"$STATE/daemon.log" 2>&1 &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null; wait $DAEMON 2>/dev/null; rm -rf "$STATE"' EXIT
for _ in $(seq 1 300); do curl -sf --unix-socket "$SOCK" http://v/v1/host >/dev/null 2>&1 && break; sleep 0.1; done
KEYS=$(curl -sf --unix-socket "$SOCK" -X POST -H 'Content-Type: application/json' -d '{}' http://v/v1/s3/keys)
ID=$(sed -n 's/.*"accessKeyId":"\([^"]*\)".*/\1/p' <<<"$KEYS"); SECRET=$(sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' <<<"$KEYS")
echo "== S3 with 16 clients, ${SECONDS_EACH}s per figure (target at 4 KiB: >= 1000 PUT/s, >= 3000 GET/s)"
for size in 4096 65536; do
  "$JAVA_HOME/bin/java" "$ROOT/bench/S3Bench.java" "http://127.0.0.1:$PORT" "$ID" "$SECRET" "bench$size" "$size" 16 \
    "$SECONDS_EACH" "$STATE/fs$size"
done
