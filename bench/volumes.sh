#!/usr/bin/env bash
# Volume hot attach / detach latency on a running tiny guest, against the same QMP commands sent
# by hand (bench/qmp-hotplug.py) to the same QEMU command line, in the same run.
#   vireo: POST /v1/instances/NAME/volumes and DELETE .../volumes/VOL, end to end through curl
#   raw:   blockdev-add + device_add; device_del + DEVICE_DELETED + blockdev-del
# Usage: bench/volumes.sh [--runs N]; needs root. State in /var/lib/vireo-bench, own daemon and socket.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS=10
while [[ $# -gt 0 ]]; do
  case "$1" in --runs) RUNS=$2; shift 2 ;; *) echo "unknown $1" >&2; exit 2 ;; esac
done
command -v python3 >/dev/null || { echo "bench/volumes.sh needs python3 for the raw QMP baseline" >&2; exit 1; }
STATE=/var/lib/vireo-bench; SOCK=/run/vireo-bench/vireo.sock; WORK=$(mktemp -d /tmp/vireo-bench.XXXX)
export VIREO_SOCKET=$SOCK
vireo() { "$ROOT/vireo" "$@"; }
api() { curl -sf --unix-socket "$SOCK" -H 'Content-Type: application/json' "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n | tail -1; }

"$ROOT/vireo" --help >/dev/null   # installs packages and builds when needed
mkdir -p "$STATE/logs"
"$ROOT/vireo" daemon --state-dir "$STATE" --socket "$SOCK" >>"$STATE/logs/daemon.log" 2>&1 &
DAEMON=$!
RAWPID=
cleanup() {
  [[ -n $RAWPID ]] && kill -9 "$RAWPID" 2>/dev/null || true
  vireo delete bvol --force >/dev/null 2>&1 || true
  vireo volume delete bvol-data >/dev/null 2>&1 || true
  kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 300); do [[ -S $SOCK ]] && api http://v/v1/host >/dev/null 2>&1 && break; sleep 0.1; done
vireo image build tiny >/dev/null
vireo volume delete bvol-data >/dev/null 2>&1 || true
vireo volume create bvol-data --size 1GiB >/dev/null
vireo launch tiny bvol --memory 256MiB --cpus 1 >/dev/null
DIR="$STATE/instances/bvol"
sleep 3   # the guest's shell and acpid are up a moment after the ready marker

echo "== hot attach / detach of a 1 GiB qcow2 volume on a running tiny guest, median and max of $RUNS"
api -X POST http://v/v1/instances/bvol/volumes -d '{"volume":"bvol-data"}' >/dev/null   # warm-up, not counted
api -X DELETE http://v/v1/instances/bvol/volumes/bvol-data >/dev/null
: >"$WORK/va.ms"; : >"$WORK/vd.ms"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms); api -X POST http://v/v1/instances/bvol/volumes -d '{"volume":"bvol-data"}' >/dev/null; t1=$(now_ms)
  api -X DELETE http://v/v1/instances/bvol/volumes/bvol-data >/dev/null; t2=$(now_ms)
  echo $((t1 - t0)) >>"$WORK/va.ms"; echo $((t2 - t1)) >>"$WORK/vd.ms"
done

# the same QEMU command line, on copies of the guest's files, driven by hand over QMP
pid=$(cat "$DIR/qemu.pid")
mapfile -d '' ARGV <"/proc/$pid/cmdline"
vireo stop bvol --force >/dev/null
mkdir -p "$WORK/raw"
cp --sparse=always "$DIR"/*.qcow2 "$WORK/raw/"
RAW=("${ARGV[@]//$DIR\//$WORK/raw/}")
"${RAW[@]}"
RAWPID=$(cat "$WORK/raw/qemu.pid")
until grep -q VIREO-TINY-READY "$WORK/raw/serial.log" 2>/dev/null; do sleep 0.05; done
sleep 3
qemu-img create -q -f qcow2 "$WORK/raw/disk.qcow2" 1G
python3 "$ROOT/bench/qmp-hotplug.py" "$WORK/raw/qmp.sock" "$WORK/raw/disk.qcow2" 1 >/dev/null   # warm-up
python3 "$ROOT/bench/qmp-hotplug.py" "$WORK/raw/qmp.sock" "$WORK/raw/disk.qcow2" "$RUNS" >"$WORK/raw.ms"
awk '{print $1}' "$WORK/raw.ms" >"$WORK/ra.ms"; awk '{print $2}' "$WORK/raw.ms" >"$WORK/rd.ms"

printf '   attach: vireo %s ms (max %s), raw QMP %s ms (max %s)\n' "$(median <"$WORK/va.ms")" "$(maxof <"$WORK/va.ms")" \
  "$(median <"$WORK/ra.ms")" "$(maxof <"$WORK/ra.ms")"
printf '   detach: vireo %s ms (max %s), raw QMP %s ms (max %s)   (detach waits for the guest to release the disk)\n' \
  "$(median <"$WORK/vd.ms")" "$(maxof <"$WORK/vd.ms")" "$(median <"$WORK/rd.ms")" "$(maxof <"$WORK/rd.ms")"
