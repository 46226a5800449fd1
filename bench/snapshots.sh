#!/usr/bin/env bash
# Snapshot and clone figures, each against the raw qemu-img command in the same run:
#   1. linked clone of 1, 10 and 100 GiB (virtual) disks via the API vs `qemu-img create -b` alone
#   2. full clone throughput via the API vs `qemu-img convert` of the same chain
#   3. live disk snapshot of a running guest: time QEMU held guest I/O (QMP blockdev-snapshot-sync)
# Usage: bench/snapshots.sh [--runs N]; needs root. State in /var/lib/vireo-bench, own daemon and socket.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=10
while [[ $# -gt 0 ]]; do
  case "$1" in --runs) RUNS=$2; shift 2 ;; *) echo "unknown $1" >&2; exit 2 ;; esac
done
STATE=/var/lib/vireo-bench; SOCK=/run/vireo-bench/vireo.sock; WORK=$(mktemp -d /tmp/vireo-bench.XXXX)
export VIREO_SOCKET=$SOCK
vireo() { "$ROOT/vireo" "$@"; }
api() { curl -sf --unix-socket "$SOCK" -H 'Content-Type: application/json' "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_op() { api "http://v/v1/operations/$1/wait?timeout=600" >"$WORK/op.json"; grep -q '"status" *: *"success"' "$WORK/op.json"; }
# how long the daemon worked on the last operation waited for: updatedAt - createdAt
op_ms() {
  local c u
  c=$(sed -n 's/.*"createdAt" *: *"\([^"]*\)".*/\1/p' "$WORK/op.json"); u=$(sed -n 's/.*"updatedAt" *: *"\([^"]*\)".*/\1/p' "$WORK/op.json")
  echo $(( ($(date -d "$u" +%s%N) - $(date -d "$c" +%s%N)) / 1000000 ))
}
op_id() { sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$ROOT/vireo" --help >/dev/null   # installs packages and builds when needed
mkdir -p "$STATE/logs"
"$ROOT/vireo" daemon --state-dir "$STATE" --socket "$SOCK" >>"$STATE/logs/daemon.log" 2>&1 &
DAEMON=$!
cleanup() {
  for n in $(api http://v/v1/instances | grep -o '"name" *: *"bsnap[^"]*"' | sed 's/.*"\(bsnap[^"]*\)"/\1/' | sort -r); do
    vireo delete "$n" --force >/dev/null 2>&1 || true
  done
  kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 300); do [[ -S $SOCK ]] && api http://v/v1/host >/dev/null 2>&1 && break; sleep 0.1; done
vireo image build tiny >/dev/null

echo "== 1. linked clone from a snapshot vs qemu-img create -b, median of $RUNS (target < 20 ms, flat in size)"
for size in 1 10 100; do
  src=bsnap-src$size
  vireo create tiny $src --memory 256MiB --cpus 1 --disk ${size}GiB >/dev/null
  vireo snapshot create $src base >/dev/null
  layer=$(ls "$STATE/instances/$src"/root.qcow2)
  : >"$WORK/v.ms"; : >"$WORK/d.ms"; : >"$WORK/q.ms"
  for i in $(seq 1 "$RUNS"); do
    t0=$(now_ms)
    id=$(api -X POST "http://v/v1/instances/$src/clone" -d "{\"target\":\"bsnap-l$size-$i\",\"mode\":\"linked\",\"snapshot\":\"base\"}" | op_id)
    wait_op "$id"; t1=$(now_ms); echo $((t1 - t0)) >>"$WORK/v.ms"; op_ms >>"$WORK/d.ms"
    t0=$(now_ms); qemu-img create -q -f qcow2 -F qcow2 -b "$layer" "$WORK/raw-$i.qcow2"; t1=$(now_ms)
    echo $((t1 - t0)) >>"$WORK/q.ms"; rm -f "$WORK/raw-$i.qcow2"
  done
  printf '   %3s GiB: vireo %s ms end to end (two curl calls), %s ms in the daemon; qemu-img create -b %s ms\n' \
    "$size" "$(median <"$WORK/v.ms")" "$(median <"$WORK/d.ms")" "$(median <"$WORK/q.ms")"
  for i in $(seq 1 "$RUNS"); do vireo delete bsnap-l$size-$i >/dev/null; done
done

echo "== 2. full clone throughput (1 GiB of data) vs qemu-img convert of the same chain, median of 3 each, alternating"
vireo create tiny bsnap-full --memory 256MiB --cpus 1 --disk 2GiB >/dev/null
SRC_DISK="$STATE/instances/bsnap-full/root.qcow2"
qemu-io -f qcow2 -c 'write -P 0x5a 0 1G' "$SRC_DISK" >/dev/null
qemu-img convert -f qcow2 -O qcow2 "$SRC_DISK" "$WORK/conv.qcow2"; rm -f "$WORK/conv.qcow2"   # warm the page cache
: >"$WORK/fq.ms"; : >"$WORK/fv.ms"
for i in 1 2 3; do
  t0=$(now_ms); qemu-img convert -f qcow2 -O qcow2 "$SRC_DISK" "$WORK/conv.qcow2"; t1=$(now_ms)
  echo $((t1 - t0)) >>"$WORK/fq.ms"; rm -f "$WORK/conv.qcow2"
  id=$(api -X POST http://v/v1/instances/bsnap-full/clone -d "{\"target\":\"bsnap-full$i\",\"mode\":\"full\"}" | op_id)
  wait_op "$id"; op_ms >>"$WORK/fv.ms"
  vireo delete bsnap-full$i >/dev/null
done
RAW=$(median <"$WORK/fq.ms"); VIREO=$(median <"$WORK/fv.ms")
awk -v r="$RAW" -v v="$VIREO" 'BEGIN {printf "   vireo clone --full %d ms (%.0f MiB/s, the operation in the daemon), qemu-img convert %d ms (%.0f MiB/s), throughput ratio %.2f (target >= 0.9)\n", v, 1024000/v, r, 1024000/r, r/v}'

echo "== 3. live disk snapshot of a running guest: QEMU's blockdev-snapshot-sync time (guest I/O held at most this long; vCPUs never paused)"
vireo launch tiny bsnap-live --memory 256MiB --cpus 1 >/dev/null
vireo snapshot create bsnap-live warmup >/dev/null   # first use of the code path in this daemon: not counted
: >"$WORK/s.ms"
for i in $(seq 1 "$RUNS"); do
  vireo snapshot create bsnap-live s$i >/dev/null
  grep -o "live disk snapshot s$i took [0-9]* ms" "$STATE/logs/daemon.log" | tail -1 | awk '{print $(NF-1)}' >>"$WORK/s.ms"
done
printf '   median %s ms, max %s ms over %s snapshots   (target < 100 ms)\n' "$(median <"$WORK/s.ms")" \
  "$(sort -n "$WORK/s.ms" | tail -1)" "$RUNS"
