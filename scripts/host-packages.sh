#!/usr/bin/env bash
# Installs the Debian packages Vireo needs on the host, only when something is missing.
#   scripts/host-packages.sh          runtime: QEMU, qemu-img, image builder, seed ISO, ssh
#   scripts/host-packages.sh --test   also what the test suite uses
set -euo pipefail

# command → package; a missing command means the package gets installed
declare -A NEED=(
  [qemu-system-x86_64]=qemu-system-x86
  [qemu-img]=qemu-utils
  [mmdebstrap]=mmdebstrap
  [xorriso]=xorriso
  [ssh]=openssh-client
  [ssh-keygen]=openssh-client
  [mkfs.ext4]=e2fsprogs
  [debugfs]=e2fsprogs
  [qemu-storage-daemon]=qemu-system-common
  [sfdisk]=fdisk
  [tar]=tar
  [busybox]=busybox-static
  [cpio]=cpio
  [dpkg-deb]=dpkg
  [curl]=curl
  [lvcreate]=lvm2
  [thin_check]=thin-provisioning-tools
  [nft]=nftables
  [dnsmasq]=dnsmasq-base
  [dhcp_release]=dnsmasq-utils
  [ip]=iproute2
  [bridge]=iproute2
  [sysctl]=procps
)
if [[ "${1:-}" == "--test" ]]; then
  NEED[socat]=socat
  NEED[pg_ctlcluster]=postgresql
  NEED[aws]=awscli
fi

missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
# busybox must be the static build: the tiny test guest's initramfs has no libc
if command -v busybox >/dev/null 2>&1 && [[ ! -e /usr/share/doc/busybox-static ]]; then
  missing+=(busybox-static)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "vireo: these host packages are missing: ${missing[*]}; run as root to install them" >&2
  exit 1
fi
mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "vireo: installing host packages: ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2
