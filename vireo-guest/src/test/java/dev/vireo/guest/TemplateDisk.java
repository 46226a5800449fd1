package dev.vireo.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small Debian-like root filesystem with an identity and history to clean, made into a qcow2
 * base image and a qcow2 overlay on top of it (what a clone's root disk looks like).
 */
record TemplateDisk(Path base, Path overlay, Path rootfs) {
    static final String OLD_ID = "0123456789abcdef0123456789abcdef";

    /** Plain ext4 over the whole disk. */
    static TemplateDisk create(Path dir) {
        return create(dir, rootfs(dir.resolve("rootfs")), false);
    }

    /** Builds from a prepared rootfs; with {@code gpt} the filesystem sits in partition 1 of a GPT disk, at 1 MiB. */
    static TemplateDisk create(Path dir, Path rootfs, boolean gpt) {
        Path raw = dir.resolve("template.raw");
        if (gpt) {
            Host.run("truncate", "-s", "80M", raw.toString());
            Host.run("sh", "-c", "printf 'label: gpt\\nstart=2048, type=L\\n' | sfdisk -q " + raw);
            Host.run("mkfs.ext4", "-q", "-d", rootfs.toString(), "-E", "offset=1048576", raw.toString(), "64M");
        } else {
            Host.run("mkfs.ext4", "-q", "-d", rootfs.toString(), raw.toString(), "64M");
        }
        return fromRaw(dir, raw, rootfs);
    }

    static TemplateDisk fromRaw(Path dir, Path raw, Path rootfs) {
        Path base = dir.resolve("base.qcow2");
        Path overlay = dir.resolve("clone.qcow2");
        Host.run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), base.toString());
        Host.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), overlay.toString());
        return new TemplateDisk(base, overlay, rootfs);
    }

    /** The guest's files: identity, cloud-init state, logs, history, leases. */
    static Path rootfs(Path root) {
        file(root, "etc/machine-id", OLD_ID + "\n", "r--r--r--");
        file(root, "etc/hostname", "template\n", "rw-r--r--");
        file(root, "etc/ssh/sshd_config", "PermitRootLogin no\n", "rw-r--r--");
        key(root, "ed25519", null);
        key(root, "rsa", "2048");
        key(root, "ecdsa", "384");
        file(root, "var/lib/dbus/machine-id", OLD_ID + "\n", "r--r--r--");
        file(root, "var/lib/cloud/instances/iid-template/obj.pkl", "pickle", "rw-------");
        file(root, "var/lib/cloud/instances/iid-template/sem/config_ssh", "x", "rw-r--r--");
        file(root, "var/lib/cloud/data/instance-id", "iid-template\n", "rw-r--r--");
        link(root, "var/lib/cloud/instance", "/var/lib/cloud/instances/iid-template");
        file(root, "var/log/syslog", "Nov 21 boot\n", "rw-r-----");
        file(root, "var/log/apt/history.log", "Start-Date: 2025\n", "rw-r--r--");
        file(root, "var/log/journal/" + OLD_ID + "/system.journal", "journal", "rw-r-----");
        dir(root, "var/log/private");
        file(root, "root/.bash_history", "cat /etc/shadow\n", "rw-------");
        file(root, "root/.lesshst", "x", "rw-------");
        file(root, "home/debian/.bash_history", "sudo -i\n", "rw-------");
        file(root, "home/debian/.profile", "PATH=$PATH\n", "rw-r--r--");
        file(root, "var/lib/dhcp/dhclient.eth0.leases", "lease {}\n", "rw-r--r--");
        file(root, "var/lib/NetworkManager/internal-1-eth0.lease", "ADDRESS=10.0.2.15\n", "rw-r--r--");
        file(root, "var/lib/NetworkManager/NetworkManager.state", "[main]\n", "rw-r--r--");
        file(root, "etc/udev/rules.d/70-persistent-net.rules", "# eth0\n", "rw-r--r--");
        file(root, "var/lib/systemd/random-seed", "seed", "rw-------");
        return root;
    }

    static void file(Path root, String path, String content, String perms) {
        try {
            Path f = root.resolve(path);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.ISO_8859_1);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void link(Path root, String path, String target) {
        try {
            Path l = root.resolve(path);
            Files.createDirectories(l.getParent());
            Files.createSymbolicLink(l, Path.of(target));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void dir(Path root, String path) {
        try {
            Files.createDirectories(root.resolve(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void key(Path root, String type, String bits) {
        dir(root, "etc/ssh");
        String file = root.resolve("etc/ssh/ssh_host_" + type + "_key").toString();
        if (bits == null) {
            Host.run("ssh-keygen", "-q", "-N", "", "-t", type, "-C", "root@template", "-f", file);
        } else {
            Host.run("ssh-keygen", "-q", "-N", "", "-t", type, "-b", bits, "-C", "root@template", "-f", file);
        }
    }
}
