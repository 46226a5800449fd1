package dev.vireo.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.guest.GuestEdit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits real qcow2 disks with the real tools; skipped where /dev/fuse or a tool is missing (not root). */
class DebugfsGuestEditorTest {
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;

    @TempDir
    Path tmp;
    Path work;
    DebugfsGuestEditor editor;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Host.canEditDisks(), "needs root, a writable /dev/fuse and " + Host.TOOLS);
        work = Files.createDirectory(tmp.resolve("work"));
        editor = new DebugfsGuestEditor(DebugfsGuestEditor.Tools.defaults(), work, Duration.ofMinutes(2));
    }

    /** Every edit, failed or not, leaves no daemon, no mount and no private directory behind. */
    @AfterEach
    void nothingLeftBehind() throws IOException {
        if (work == null) {
            return;
        }
        assertThat(Host.daemonsUnder(work)).isEmpty();
        assertThat(Host.anyMountUnder(work)).isFalse();
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void regeneratesTheIdentityOfAClone() {
        TemplateDisk disk = TemplateDisk.create(tmp);
        String baseBefore = Host.sha256(disk.base());

        GuestEdit edit = editor.regenerateIdentity(disk.overlay(), "web1");

        assertThat(edit.warnings()).isEmpty();
        assertThat(edit.changes()).containsExactly("new /etc/machine-id", "new /var/lib/dbus/machine-id",
                "3 SSH host keys regenerated (ecdsa, ed25519, rsa)", "/etc/hostname set to web1");
        assertThat(Host.sha256(disk.base())).isEqualTo(baseBefore);
        GuestImage guest = GuestImage.of(disk.overlay(), tmp, 0);
        String id = guest.cat("/etc/machine-id");
        assertThat(id).matches("[0-9a-f]{32}\n").isNotEqualTo(TemplateDisk.OLD_ID + "\n");
        assertThat(guest.cat("/var/lib/dbus/machine-id")).isEqualTo(id);
        assertThat(guest.stat("/etc/machine-id")).contains(new GuestImage.Stat(REGULAR | 0444, 0, 0));
        assertThat(guest.cat("/etc/hostname")).isEqualTo("web1\n");
        assertThat(guest.stat("/etc/hostname")).contains(new GuestImage.Stat(REGULAR | 0644, 0, 0));
        assertNewKey(guest, "ed25519", "256", "ED25519");
        assertNewKey(guest, "rsa", "2048", "RSA");
        assertNewKey(guest, "ecdsa", "384", "ECDSA");
        assertThat(guest.cat("/etc/ssh/sshd_config")).isEqualTo("PermitRootLogin no\n");
        assertThat(guest.cat("/var/log/syslog")).isEqualTo("Nov 21 boot\n");
        assertThat(guest.fsck().exitCode()).as(guest.fsck().stdout()).isZero();
    }

    private void assertNewKey(GuestImage guest, String type, String bits, String label) {
        String key = "/etc/ssh/ssh_host_" + type + "_key";
        assertThat(guest.stat(key)).contains(new GuestImage.Stat(REGULAR | 0600, 0, 0));
        assertThat(guest.stat(key + ".pub")).contains(new GuestImage.Stat(REGULAR | 0644, 0, 0));
        Path local = guest.dump(key, tmp.resolve("new_" + type));
        Host.run("chmod", "600", local.toString());
        String fingerprint = Host.run("ssh-keygen", "-l", "-f", local.toString());
        String oldFingerprint = Host.run("ssh-keygen", "-l", "-f", tmp.resolve("rootfs/etc/ssh/ssh_host_" + type + "_key").toString());
        assertThat(fingerprint).startsWith(bits + " SHA256:").endsWith("(" + label + ")\n").isNotEqualTo(oldFingerprint);
        String publicKey = guest.cat(key + ".pub");
        assertThat(publicKey).endsWith(" root@web1\n");
        String derived = Host.run("ssh-keygen", "-y", "-f", local.toString());
        assertThat(publicKey).startsWith(derived.strip().split(" ")[0] + " " + derived.strip().split(" ")[1]);
    }

    @Test
    void sysprepCleansATemplateAndKeepsItsDirectories() {
        TemplateDisk disk = TemplateDisk.create(tmp);
        String baseBefore = Host.sha256(disk.base());

        GuestEdit edit = editor.sysprep(disk.overlay());

        assertThat(edit.warnings()).isEmpty();
        assertThat(edit.changes()).containsExactly("emptied /etc/machine-id", "removed /var/lib/dbus/machine-id",
                "removed 6 SSH host key files", "emptied /var/lib/cloud (8 entries)", "removed 2 log files",
                "emptied /var/log/journal (2 entries)", "removed 3 shell history files", "removed 2 DHCP lease files",
                "removed /etc/udev/rules.d/70-persistent-net.rules", "removed /var/lib/systemd/random-seed");
        assertThat(Host.sha256(disk.base())).isEqualTo(baseBefore);
        GuestImage guest = GuestImage.of(disk.overlay(), tmp, 0);
        assertThat(guest.cat("/etc/machine-id")).isEmpty();
        assertThat(guest.stat("/etc/machine-id")).contains(new GuestImage.Stat(REGULAR | 0444, 0, 0));
        assertThat(guest.ls("/var/lib/dbus")).isEmpty();
        assertThat(guest.ls("/etc/ssh")).containsOnlyKeys("sshd_config");
        assertThat(guest.stat("/var/lib/cloud")).hasValueSatisfying(s -> assertThat(s.mode() & 0170000).isEqualTo(DIRECTORY));
        assertThat(guest.ls("/var/lib/cloud")).isEmpty();
        assertThat(guest.ls("/var/log")).containsOnlyKeys("apt", "journal", "private");
        assertThat(guest.ls("/var/log/apt")).isEmpty();
        assertThat(guest.ls("/var/log/journal")).isEmpty();
        assertThat(guest.ls("/root")).isEmpty();
        assertThat(guest.ls("/home/debian")).containsOnlyKeys(".profile");
        assertThat(guest.ls("/var/lib/dhcp")).isEmpty();
        assertThat(guest.ls("/var/lib/NetworkManager")).containsOnlyKeys("NetworkManager.state");
        assertThat(guest.ls("/etc/udev/rules.d")).isEmpty();
        assertThat(guest.ls("/var/lib/systemd")).isEmpty();
        assertThat(guest.cat("/etc/hostname")).isEqualTo("template\n");
        assertThat(guest.fsck().exitCode()).as(guest.fsck().stdout()).isZero();
    }

    @Test
    void findsTheRootFilesystemInAGptPartition() {
        TemplateDisk disk = TemplateDisk.create(tmp, TemplateDisk.rootfs(tmp.resolve("rootfs")), true);

        GuestEdit edit = editor.regenerateIdentity(disk.overlay(), "db-2.example.org");

        assertThat(edit.warnings()).isEmpty();
        assertThat(edit.changes()).contains("new /etc/machine-id", "/etc/hostname set to db-2.example.org");
        GuestImage guest = GuestImage.of(disk.overlay(), tmp, 1024 * 1024);
        assertThat(guest.cat("/etc/machine-id")).matches("[0-9a-f]{32}\n");
        assertThat(guest.cat("/etc/hostname")).isEqualTo("db-2.example.org\n");
        assertThat(guest.fsck().exitCode()).as(guest.fsck().stdout()).isZero();
        assertThat(Host.run("sfdisk", "--json", tmp.resolve("clone.qcow2.check.raw").toString())).contains("\"start\": 2048");
    }

    @Test
    void aDiskWithoutAFilesystemGetsAWarning() {
        Path blank = tmp.resolve("blank.qcow2");
        Host.run("qemu-img", "create", "-q", "-f", "qcow2", blank.toString(), "64M");
        String before = Host.sha256(blank);

        GuestEdit identity = editor.regenerateIdentity(blank, "web1");
        GuestEdit sysprep = editor.sysprep(blank);

        assertThat(identity.changes()).isEmpty();
        assertThat(identity.warnings()).containsExactly("no ext2/3/4 filesystem with /etc found on the disk; identity not regenerated");
        assertThat(sysprep.changes()).isEmpty();
        assertThat(sysprep.warnings()).containsExactly("no ext2/3/4 filesystem with /etc found on the disk; template not cleaned");
        assertThat(Host.sha256(blank)).isEqualTo(before);
    }

    @Test
    void anExtFilesystemWithoutEtcIsNotTheRoot() {
        Path data = tmp.resolve("data");
        TemplateDisk.file(data, "srv/www/index.html", "hi", "rw-r--r--");
        TemplateDisk disk = TemplateDisk.create(tmp, data, false);

        GuestEdit edit = editor.regenerateIdentity(disk.overlay(), "web1");

        assertThat(edit.changes()).isEmpty();
        assertThat(edit.warnings()).containsExactly("no ext2/3/4 filesystem with /etc found on the disk; identity not regenerated");
    }

    @Test
    void replaysAnUnreplayedJournalBeforeWriting() {
        Path rootfs = TemplateDisk.rootfs(tmp.resolve("rootfs"));
        Path raw = tmp.resolve("dirty.raw");
        Host.run("mkfs.ext4", "-q", "-d", rootfs.toString(), raw.toString(), "64M");
        Host.run("debugfs", "-w", "-R", "feature needs_recovery", raw.toString()); // as after a guest crash
        TemplateDisk disk = TemplateDisk.fromRaw(tmp, raw, rootfs);

        GuestEdit edit = editor.regenerateIdentity(disk.overlay(), "web1");

        assertThat(edit.changes()).first().isEqualTo("replayed the journal of the filesystem on the disk");
        GuestImage guest = GuestImage.of(disk.overlay(), tmp, 0);
        assertThat(Host.run("dumpe2fs", "-h", guest.device())).doesNotContain("needs_recovery");
        assertThat(guest.cat("/etc/hostname")).isEqualTo("web1\n");
        assertThat(guest.fsck().exitCode()).as(guest.fsck().stdout()).isZero();
    }

    @Test
    void leavesSymlinksAloneAndSkipsNamesDebugfsCannotTake() {
        Path rootfs = TemplateDisk.rootfs(tmp.resolve("rootfs"));
        Host.run("rm", rootfs.resolve("var/lib/dbus/machine-id").toString());
        TemplateDisk.link(rootfs, "var/lib/dbus/machine-id", "/etc/machine-id");
        TemplateDisk.file(rootfs, "var/lib/cloud/odd/say \"hi\"", "x", "rw-r--r--");
        TemplateDisk.file(rootfs, "var/lib/cloud/odd/fine name", "x", "rw-r--r--");
        TemplateDisk.file(rootfs, "var/lib/cloud/line\nbreak", "x", "rw-r--r--");
        TemplateDisk.link(rootfs, "var/log/sneaky", "/etc");
        TemplateDisk disk = TemplateDisk.create(tmp, rootfs, false);

        GuestEdit identity = editor.regenerateIdentity(disk.overlay(), "web1");
        GuestEdit sysprep = editor.sysprep(disk.overlay());

        assertThat(identity.changes()).doesNotContain("new /var/lib/dbus/machine-id");
        assertThat(sysprep.warnings()).containsExactlyInAnyOrder(
                "left 1 entry in /var/lib/cloud whose names hold a quote or line break (debugfs cannot name them)",
                "left 1 entry in /var/lib/cloud/odd whose names hold a quote or line break (debugfs cannot name them)");
        GuestImage guest = GuestImage.of(disk.overlay(), tmp, 0);
        assertThat(guest.stat("/var/lib/dbus/machine-id")).hasValueSatisfying(s -> assertThat(s.mode() & 0170000).isEqualTo(SYMLINK));
        assertThat(guest.ls("/var/lib/cloud/odd")).containsOnlyKeys("say \"hi\"");
        assertThat(guest.ls("/var/lib/cloud")).containsOnlyKeys("odd");
        assertThat(guest.lsRaw("/var/lib/cloud")).contains("/line\nbreak/");
        assertThat(guest.ls("/var/log")).containsKey("sneaky");
        assertThat(guest.ls("/etc")).containsKeys("hostname", "machine-id", "ssh");
        assertThat(guest.fsck().exitCode()).as(guest.fsck().stdout()).isZero();
    }

    @Test
    void warnsAboutHostKeysItCannotReplace() {
        Path rootfs = TemplateDisk.rootfs(tmp.resolve("rootfs"));
        TemplateDisk.file(rootfs, "etc/ssh/ssh_host_ed25519_key-cert.pub", "ssh-ed25519-cert-v01@openssh.com AAAA\n", "rw-r--r--");
        TemplateDisk.file(rootfs, "etc/ssh/ssh_host_foo_key", "secret\n", "rw-------");
        TemplateDisk disk = TemplateDisk.create(tmp, rootfs, false);

        GuestEdit edit = editor.regenerateIdentity(disk.overlay(), "web1");

        assertThat(edit.changes()).contains("3 SSH host keys regenerated (ecdsa, ed25519, rsa)");
        assertThat(edit.warnings()).containsExactlyInAnyOrder(
                "/etc/ssh/ssh_host_ed25519_key-cert.pub certifies the old host key; sign the new key to replace it",
                "/etc/ssh/ssh_host_foo_key: unknown key type foo; left alone");
        assertThat(GuestImage.of(disk.overlay(), tmp, 0).cat("/etc/ssh/ssh_host_foo_key")).isEqualTo("secret\n");
    }

    @Test
    void anExtFilesystemDebugfsCannotOpenIsAWarning() throws IOException {
        Path rootfs = TemplateDisk.rootfs(tmp.resolve("rootfs"));
        Path raw = tmp.resolve("future.raw");
        Host.run("mkfs.ext4", "-q", "-d", rootfs.toString(), raw.toString(), "64M");
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer incompat = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(incompat, 1024 + 96);
            int features = incompat.getInt(0) | 0x100000; // an incompat feature e2fsprogs 1.47 does not know
            ch.write(incompat.clear().putInt(features).flip(), 1024 + 96);
        }
        TemplateDisk disk = TemplateDisk.fromRaw(tmp, raw, rootfs);

        GuestEdit edit = editor.sysprep(disk.overlay());

        assertThat(edit.changes()).isEmpty();
        assertThat(edit.warnings()).containsExactly("no ext2/3/4 filesystem with /etc found on the disk; template not cleaned",
                "cannot read the ext filesystem on the disk: Filesystem has unsupported feature(s)");
    }

    @Test
    void aDiskInUseIsBusyAndNothingIsLeftBehind() throws IOException {
        TemplateDisk disk = TemplateDisk.create(tmp);
        Path holder = Files.createDirectory(tmp.resolve("holder"));
        Path raw = Files.createFile(holder.resolve("held.raw"));
        Host.run("qemu-storage-daemon", "--blockdev", "driver=file,node-name=f,filename=" + disk.overlay(),
                "--blockdev", "driver=qcow2,node-name=q,file=f",
                "--export", "type=fuse,id=e,node-name=q,mountpoint=" + raw + ",writable=on",
                "--daemonize", "--pidfile", holder.resolve("pid").toString());
        long pid = Long.parseLong(Files.readString(holder.resolve("pid")).strip());
        try {
            assertThatThrownBy(() -> editor.regenerateIdentity(disk.overlay(), "web1"))
                    .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                    .hasMessageContaining("is in use");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            await().atMost(Duration.ofSeconds(15)).until(() -> !Mounts.isMountPoint(raw));
        }
    }

    @Test
    void refusesWhatIsNotAQcow2Disk() throws IOException {
        Path raw = Files.write(tmp.resolve("disk.raw"), new byte[4096]);

        assertThatThrownBy(() -> editor.sysprep(raw))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("disk " + raw + " is not a qcow2 image");
        assertThatThrownBy(() -> editor.sysprep(tmp.resolve("missing.qcow2")))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
