#!/usr/bin/env bash
# Vireo benchmarks: each figure is measured against the raw tool in the same run.
#   1. API call -> QEMU running, minus a direct start of the same generated qemu command (p50/p99)
#   2. launch -> cloud-init done, against the same qemu command run by hand until the same marker
#   3. `vireo list` wall time with 50 created (stopped) instances
# Usage: bench/run.sh [--runs N] [--skip-cloudinit]; needs root. State in /var/lib/vireo-bench
# (kept between runs so images are built once), its own daemon on its own socket.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=30; CLOUDINIT=1
while [[ $# -gt 0 ]]; do
  case "$1" in --runs) RUNS=$2; shift 2 ;; --skip-cloudinit) CLOUDINIT=0; shift ;; *) echo "unknown $1" >&2; exit 2 ;; esac
done
STATE=/var/lib/vireo-bench; SOCK=/run/vireo-bench/vireo.sock; WORK=$(mktemp -d /tmp/vireo-bench.XXXX)
export VIREO_SOCKET=$SOCK
vireo() { "$ROOT/vireo" "$@"; }
api() { curl -sf --unix-socket "$SOCK" -H 'Content-Type: application/json' "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_op() { api "http://v/v1/operations/$1/wait?timeout=600" >/dev/null; }
op_id() { sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1; }

"$ROOT/vireo" --help >/dev/null   # installs packages and builds when needed
mkdir -p "$STATE/logs"
"$ROOT/vireo" daemon --state-dir "$STATE" --socket "$SOCK" >>"$STATE/logs/daemon.log" 2>&1 &
DAEMON=$!
cleanup() {
  for n in $(api http://v/v1/instances | grep -o '"name" *: *"bench[^"]*"' | sed 's/.*"\(bench[^"]*\)"/\1/'); do
    vireo delete "$n" --force >/dev/null 2>&1 || true
  done
  kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true
  pkill -f "$WORK/" 2>/dev/null || true; rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 300); do [[ -S $SOCK ]] && api http://v/v1/host >/dev/null 2>&1 && break; sleep 0.1; done

percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if(i<1)i=1; print a[i]}'; }

# ---- 1. API start -> QEMU running, vs the same qemu command run directly
echo "== 1. start latency: API call -> QEMU running, vs qemu-system-x86_64 of the same command ($RUNS runs)"
vireo image build tiny >/dev/null
vireo create tiny bench-start --memory 256MiB --cpus 1 >/dev/null
DIR="$STATE/instances/bench-start"
: >"$WORK/vireo.ms"; : >"$WORK/raw.ms"
WARMUP=5   # the daemon's JIT warms up like any long-running daemon; these runs are not counted
for i in $(seq 1 $((RUNS + WARMUP))); do
  [[ $i -eq $((WARMUP + 1)) ]] && { : >"$WORK/vireo.ms"; : >"$WORK/raw.ms"; }
  t0=$(now_ms)
  id=$(api -X PUT http://v/v1/instances/bench-start/state -d '{"action":"start"}' | op_id); wait_op "$id"
  t1=$(now_ms); echo $((t1 - t0)) >>"$WORK/vireo.ms"
  pid=$(cat "$DIR/qemu.pid")
  mapfile -d '' ARGV <"/proc/$pid/cmdline"
  id=$(api -X PUT http://v/v1/instances/bench-start/state -d '{"action":"stop","force":true}' | op_id); wait_op "$id"
  t0=$(now_ms); "${ARGV[@]}"; t1=$(now_ms); echo $((t1 - t0)) >>"$WORK/raw.ms"
  kill -9 "$(cat "$DIR/qemu.pid")"; rm -f "$DIR/qemu.pid" "$DIR/qmp.sock" "$DIR/console.sock"
  while pgrep -f "$DIR/qmp.sock" >/dev/null; do sleep 0.01; done
done
paste "$WORK/vireo.ms" "$WORK/raw.ms" | awk '{print $1-$2}' >"$WORK/diff.ms"
printf '   vireo  p50 %s ms  p99 %s ms\n' "$(percentile 50 <"$WORK/vireo.ms")" "$(percentile 99 <"$WORK/vireo.ms")"
printf '   qemu   p50 %s ms  p99 %s ms\n' "$(percentile 50 <"$WORK/raw.ms")" "$(percentile 99 <"$WORK/raw.ms")"
printf '   curl alone (GET /v1/host, x2 as above): %s ms\n' "$( t0=$(now_ms); api http://v/v1/host >/dev/null; api http://v/v1/host >/dev/null; echo $(( $(now_ms) - t0 )) )"
printf '   vireo - qemu (paired)  p50 %s ms  p99 %s ms   (target p99 < 50 ms)\n' \
  "$(percentile 50 <"$WORK/diff.ms")" "$(percentile 99 <"$WORK/diff.ms")"
vireo delete bench-start >/dev/null

# ---- 2. launch -> cloud-init done vs the same qemu command by hand until the same marker
if [[ $CLOUDINIT == 1 ]]; then
  echo "== 2. launch -> cloud-init done (debian/12), vs the same qemu command until the same marker"
  vireo image build debian/12 >/dev/null
  vireo create debian/12 bench-ci --cpus 2 --memory 1GiB >/dev/null
  mkdir -p "$WORK/raw"; cp --sparse=always "$STATE/instances/bench-ci/root.qcow2" "$STATE/instances/bench-ci/seed.iso" "$WORK/raw/"
  vireo delete bench-ci >/dev/null
  t0=$(now_ms); vireo launch debian/12 bench-ci --cpus 2 --memory 1GiB >/dev/null; t1=$(now_ms)
  VIREO_MS=$((t1 - t0))
  pid=$(cat "$STATE/instances/bench-ci/qemu.pid")
  mapfile -d '' ARGV <"/proc/$pid/cmdline"
  vireo delete bench-ci --force >/dev/null
  RAW=("${ARGV[@]//$STATE\/instances\/bench-ci\//$WORK/raw/}")
  t0=$(now_ms); "${RAW[@]}"
  until grep -qE 'Cloud-init v\. \S+ finished at' "$WORK/raw/serial.log" 2>/dev/null; do sleep 0.05; done
  t1=$(now_ms); RAW_MS=$((t1 - t0))
  kill -9 "$(cat "$WORK/raw/qemu.pid")" 2>/dev/null || true
  printf '   vireo launch %s ms, qemu by hand %s ms, ratio %s   (target <= 1.05)\n' "$VIREO_MS" "$RAW_MS" \
    "$(awk -v a="$VIREO_MS" -v b="$RAW_MS" 'BEGIN {printf "%.3f", a/b}')"
fi

# ---- 3. vireo list with 50 created instances
echo "== 3. vireo list with 50 created (stopped) instances"
for i in $(seq -w 1 50); do
  id=$(api -X POST http://v/v1/instances -d "{\"name\":\"bench-l$i\",\"image\":\"tiny\",\"memory\":\"128MiB\",\"cpus\":1,\"start\":false}" | op_id)
  wait_op "$id"
done
vireo list >/dev/null; sleep 8   # the first run after a build trains the CLI's AOT cache in the background
: >"$WORK/list.ms"
for i in $(seq 1 10); do t0=$(now_ms); vireo list >/dev/null; t1=$(now_ms); echo $((t1 - t0)) >>"$WORK/list.ms"; done
t0=$(now_ms); for i in $(seq 1 10); do curl -sf --unix-socket "$SOCK" http://v/v1/instances >/dev/null; done; t1=$(now_ms)
printf '   vireo list  p50 %s ms  max %s ms   (target < 300 ms); raw curl of GET /v1/instances %s ms\n' \
  "$(percentile 50 <"$WORK/list.ms")" "$(percentile 100 <"$WORK/list.ms")" "$(( (t1 - t0) / 10 ))"
