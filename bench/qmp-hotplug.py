#!/usr/bin/env python3
"""Raw QMP baseline for bench/volumes.sh: hot attach and detach a qcow2 disk N times on a running
QEMU, the way Vireo does it (blockdev-add + device_add on a free pcie-root-port; device_del, wait
for DEVICE_DELETED, blockdev-del), printing "attach_ms detach_ms" per run.
Usage: qmp-hotplug.py QMP_SOCKET DISK RUNS"""
import json, socket, sys, time

sock_path, disk, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_UNIX); s.connect(sock_path); f = s.makefile("rw")

def read():
    return json.loads(f.readline())

def cmd(name, **args):
    f.write(json.dumps({"execute": name, "arguments": args}) + "\n"); f.flush()
    while True:
        m = read()
        if "return" in m: return m["return"]
        if "error" in m: raise SystemExit(f"{name}: {m['error']['desc']}")

def await_event(name, device):
    while True:
        m = read()
        if m.get("event") == name and m.get("data", {}).get("device") == device: return

read(); cmd("qmp_capabilities")
for _ in range(runs):
    t0 = time.monotonic()
    cmd("blockdev-add", **{"node-name": "vol7", "driver": "qcow2", "file": {"driver": "file", "filename": disk}})
    cmd("device_add", driver="virtio-blk-pci", drive="vol7", id="vol7-disk", bus="hp7", serial="rawbench")
    t1 = time.monotonic()
    cmd("device_del", id="vol7-disk"); await_event("DEVICE_DELETED", "vol7-disk"); cmd("blockdev-del", **{"node-name": "vol7"})
    t2 = time.monotonic()
    print(f"{(t1 - t0) * 1000:.0f} {(t2 - t1) * 1000:.0f}", flush=True)
