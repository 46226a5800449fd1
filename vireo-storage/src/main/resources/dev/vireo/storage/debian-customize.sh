#!/bin/sh
# mmdebstrap --customize-hook for the debian/12 image; $1 is the rootfs (we run outside it).
set -eu
R="$1"

# mmdebstrap copies the build host's resolv.conf and hostname; a guest must not inherit them
rm -f "$R/etc/resolv.conf" "$R/etc/hostname"
echo debian > "$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$R/etc/hosts"

# every instance gets its own identity on first boot: empty (not missing) machine-id, no host keys
: > "$R/etc/machine-id"
rm -f "$R/var/lib/dbus/machine-id"
rm -f "$R"/etc/ssh/ssh_host_*

# the root disk is a whole virtio disk with ext4, no partition table
echo '/dev/vda / ext4 defaults 0 1' > "$R/etc/fstab"

# cloud-init writes interfaces.d/50-cloud-init (DHCP on eth0: the kernel runs with net.ifnames=0)
cat > "$R/etc/network/interfaces" <<'EOT'
auto lo
iface lo inet loopback

source /etc/network/interfaces.d/*
EOT

# NoCloud (a seed disk) first; OpenStack (the metadata service, chosen by ds-identify only when QEMU says
# "OpenStack Nova" in SMBIOS); settings that keep TCG first boot short
mkdir -p "$R/etc/cloud/cloud.cfg.d"
cat > "$R/etc/cloud/cloud.cfg.d/90_vireo.cfg" <<'EOT'
datasource_list: [ NoCloud, OpenStack, None ]
manage_etc_hosts: localhost
# en_US.UTF-8 is not generated in a minbase system; C.UTF-8 needs no locale-gen
locale: C.UTF-8
# RSA host keys take ~7 s to generate under TCG; OpenSSH clients prefer ed25519 anyway
ssh_genkeytypes: [ ed25519, ecdsa ]
grub_dpkg:
  enabled: false
EOT

# if cloud-init made no host keys (disabled, or it failed), sshd still gets some; when it did,
# do not add an RSA key it chose not to make (seconds of CPU under TCG)
mkdir -p "$R/etc/systemd/system/ssh.service.d"
cat > "$R/etc/systemd/system/ssh.service.d/10-vireo-hostkeys.conf" <<'EOT'
[Service]
ExecStartPre=
ExecStartPre=/bin/sh -c 'ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 || exec /usr/bin/ssh-keygen -A'
ExecStartPre=/usr/sbin/sshd -t
EOT

# nothing of the build host's apt state belongs in an image
rm -f "$R"/var/cache/apt/*.bin
rm -rf "$R"/var/log/apt/* "$R/var/log/dpkg.log" "$R/var/log/alternatives.log" "$R/var/log/bootstrap.log"
