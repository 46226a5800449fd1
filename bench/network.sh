#!/usr/bin/env bash
# Managed network figures, each beside the same work done by hand with the raw tools in the same run.
#   create:  POST /v1/networks until its dnsmasq answers DNS at the gateway
#            vs  ip link add/addr/up + dnsmasq + nft -f by hand, until dnsmasq answers
#   NIC:     the daemon's own apply of a network when a launch adds one NIC (tap, reservation,
#            SIGHUP, nft transaction; from its log) vs ip tuntap add + master + up + nft add rule by hand
# Usage: bench/network.sh [--runs N]; needs root. State in /var/lib/vireo-bench, own daemon and socket.
# NETWORK_BENCH_CREATE_ONLY=1 skips the NIC part (it launches tiny guests, whose image is built
# from Debian's packages): then the script can run in a scratch namespace, e.g.
#   ip netns add nb && ip -n nb link set lo up && NETWORK_BENCH_CREATE_ONLY=1 ip netns exec nb bench/network.sh
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
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n | tail -1; }
# dnsmasq answers (NXDOMAIN counts) for a name in its local domain
answers() { busybox nslookup "nosuch.$2" "$1" 2>&1 | grep -q "NXDOMAIN\|can't find"; }

"$ROOT/vireo" --help >/dev/null   # installs packages and builds when needed
mkdir -p "$STATE/logs"
"$ROOT/vireo" daemon --state-dir "$STATE" --socket "$SOCK" >>"$STATE/logs/daemon.log" 2>&1 &
DAEMON=$!
cleanup() {
  for i in $(seq 1 "$RUNS"); do
    api -X DELETE "http://v/v1/networks/bnet$i" >/dev/null 2>&1 || true
  done
  vireo delete bnic1 --force >/dev/null 2>&1 || true
  vireo delete bnic2 --force >/dev/null 2>&1 || true
  [[ -f $WORK/dnsmasq.pid ]] && kill "$(cat "$WORK/dnsmasq.pid")" 2>/dev/null || true
  ip link del rawbr0 2>/dev/null || true; ip link del rawtap0 2>/dev/null || true
  nft delete table inet rawbench 2>/dev/null || true
  kill "$DAEMON" 2>/dev/null || true; wait "$DAEMON" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
for _ in $(seq 1 300); do [[ -S $SOCK ]] && api http://v/v1/host >/dev/null 2>&1 && break; sleep 0.1; done

echo "== network create until dnsmasq answers, median and max of $RUNS"
: >"$WORK/v.ms"; : >"$WORK/r.ms"
for i in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  api -X POST http://v/v1/networks -d "{\"name\":\"bnet$i\",\"subnet\":\"10.190.$i.0/24\",\"dnsDomain\":\"b$i\"}" >/dev/null
  until answers "10.190.$i.1" "b$i"; do sleep 0.005; done
  echo $(( $(now_ms) - t0 )) >>"$WORK/v.ms"
  api -X DELETE "http://v/v1/networks/bnet$i" >/dev/null

  cat >"$WORK/dnsmasq.conf" <<EOF
interface=rawbr0
bind-interfaces
except-interface=lo
listen-address=10.191.0.1
dhcp-range=10.191.0.2,static,255.255.255.0,1h
domain=raw
local=/raw/
no-hosts
user=root
pid-file=$WORK/dnsmasq.pid
dhcp-leasefile=$WORK/leases
EOF
  t0=$(now_ms)
  ip link add rawbr0 type bridge; ip addr add 10.191.0.1/24 dev rawbr0; ip link set rawbr0 up
  dnsmasq --conf-file="$WORK/dnsmasq.conf"
  printf 'table inet rawbench {\n chain post {\n  type nat hook postrouting priority 100;\n  ip saddr 10.191.0.0/24 ip daddr != 10.191.0.0/24 masquerade\n }\n}\n' | nft -f -
  until answers 10.191.0.1 raw; do sleep 0.005; done
  echo $(( $(now_ms) - t0 )) >>"$WORK/r.ms"
  kill "$(cat "$WORK/dnsmasq.pid")"; rm -f "$WORK/dnsmasq.pid"
  ip link del rawbr0; nft delete table inet rawbench
done
echo "vireo  create->answering: median $(median <"$WORK/v.ms") ms, max $(maxof <"$WORK/v.ms") ms (REST + validation + state + apply)"
echo "raw    create->answering: median $(median <"$WORK/r.ms") ms, max $(maxof <"$WORK/r.ms") ms (ip, dnsmasq, nft by hand)"

if [[ ${NETWORK_BENCH_CREATE_ONLY:-} == 1 ]]; then exit 0; fi
echo "== one NIC added to a network (tap, reservation, DNS name, rules)"
vireo image build tiny >/dev/null
api -X POST http://v/v1/networks -d '{"name":"bnet1","subnet":"10.190.1.0/24"}' >/dev/null
for n in bnic1 bnic2; do vireo launch tiny "$n" --memory 128MiB --cpus 1 --network bnet1 >/dev/null; done
grep -o "network bnet1: applied [12] ports, 0 forwards in [0-9]* ms" "$STATE/logs/daemon.log" | tail -2 \
  | sed 's/^/vireo  /'
t0=$(now_ms)
ip tuntap add dev rawtap0 mode tap; ip link set rawtap0 master bnet1; ip link set rawtap0 up
nft add rule bridge vireo_bnet1 port_forward iifname rawtap0 ether saddr != 52:54:00:00:00:99 drop
echo "raw    tap + master + up + one nft rule by hand: $(( $(now_ms) - t0 )) ms"
ip link del rawtap0
echo "nft rules on bnet1 with 2 NICs: $(nft list table bridge vireo_bnet1 | grep -c 'drop\|accept\|return\|jump') (bridge)" \
  "+ $(nft list table inet vireo_bnet1 | grep -c 'drop\|accept\|masquerade\|dnat\|snat\|jump') (inet)"
