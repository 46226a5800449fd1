package dev.vireo.storage;

import dev.vireo.core.util.Cmd;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * debian/12: a Debian bookworm cloud image made offline with mmdebstrap (cloud-init, sshd, the
 * cloud kernel), {@code mkfs.ext4 -d} (no loop device) and qemu-img; it boots from the kernel and
 * initrd kept beside the disk. See debian-customize.sh for what makes it a cloud image.
 */
final class DebianRecipe implements Recipe {
    static final String NAME = "debian/12";
    /** Bump when the build changes in a way the definition text does not show. */
    private static final String VERSION = "debian12-2";
    private static final String SUITE = "bookworm";
    static final List<String> PACKAGES = List.of("systemd-sysv", "udev", "kmod", "dbus", "linux-image-cloud-amd64",
            "cloud-init", "openssh-server", "sudo", "ifupdown", "isc-dhcp-client", "iproute2", "netbase", "e2fsprogs");
    private static final String ROOT_SIZE = "2G";
    /** Verified: eth0 gets DHCP from cloud-init's fallback config on a q35 virtio-net NIC. */
    static final String CMDLINE = "root=/dev/vda rw console=ttyS0 net.ifnames=0";
    private static final String CUSTOMIZE = Trees.resource("debian-customize.sh");

    /** mmdebstrap's own stage lines mapped to the fraction of the build done when they appear (measured). */
    private static final Map<String, Double> STAGES = Map.of(
            "running apt-get update", 0.01, "downloading packages", 0.03, "extracting archives", 0.05,
            "installing essential packages", 0.12, "installing remaining packages", 0.25,
            "running --customize-hook", 0.86, "cleaning package lists", 0.87);

    private final DebianMirror mirror;

    DebianRecipe(DebianMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String definition() {
        return String.join("\n", VERSION, SUITE, "variant=minbase", String.join(",", PACKAGES), ROOT_SIZE, CMDLINE,
                cloudInit() + " " + readyMarker(), CUSTOMIZE);
    }

    @Override
    public String cmdline() {
        return CMDLINE;
    }

    @Override
    public String readyMarker() {
        return FileImageStore.CLOUD_INIT_READY;
    }

    @Override
    public boolean cloudInit() {
        return true;
    }

    @Override
    public void build(BuildContext ctx) throws IOException {
        if (!Trees.isRoot()) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "building " + NAME + " needs root (mmdebstrap, mkfs.ext4 -d)");
        }
        Path rootfs = ctx.work().resolve("rootfs");
        Path raw = ctx.work().resolve("disk.raw");
        bootstrap(ctx, rootfs);
        copyBootFile(rootfs, "vmlinuz-", ctx.out().resolve(FileImageStore.KERNEL));
        copyBootFile(rootfs, "initrd.img-", ctx.out().resolve(FileImageStore.INITRD));
        ctx.progress().update(0.88, "making ext4 filesystem");
        Cmd.check("mkfs.ext4", List.of("mkfs.ext4", "-q", "-L", "root", "-d", rootfs.toString(), raw.toString(),
                ROOT_SIZE), Duration.ofMinutes(15), ctx.work(), null);
        Trees.delete(rootfs);
        ctx.progress().update(0.94, "converting to qcow2");
        ctx.qemuImg().convert(raw, "raw", ctx.out().resolve(FileImageStore.DISK), "qcow2", ctx.span(0.94, 1.0));
        Files.delete(raw);
    }

    private void bootstrap(BuildContext ctx, Path rootfs) throws IOException {
        Path hook = Trees.writeExecutable(ctx.work().resolve("customize.sh"), CUSTOMIZE);
        List<String> argv = new ArrayList<>(List.of("mmdebstrap", "--variant=minbase",
                "--include=" + String.join(",", PACKAGES), "--customize-hook=" + hook, SUITE, rootfs.toString()));
        argv.addAll(mirror.sources(SUITE));
        Progress progress = ctx.progress();
        progress.update(0.0, "mmdebstrap: starting");
        try {
            Cmd.check("mmdebstrap", argv, Duration.ofMinutes(45), ctx.work(), line -> stage(line, progress));
        } finally {
            Trees.unmountUnder(rootfs); // mmdebstrap unmounts itself unless it was killed
        }
    }

    static void stage(String line, Progress progress) {
        if (!line.startsWith("I: ")) {
            return;
        }
        STAGES.forEach((text, fraction) -> {
            if (line.contains(text)) {
                progress.update(fraction, "mmdebstrap: " + text);
            }
        });
    }

    private static void copyBootFile(Path rootfs, String prefix, Path target) throws IOException {
        List<Path> found;
        try (Stream<Path> list = Files.list(rootfs.resolve("boot"))) {
            found = list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        if (found.isEmpty()) {
            throw new VireoException(ErrorCode.INTERNAL, "the " + NAME + " rootfs has no /boot/" + prefix + "*");
        }
        Files.copy(found.getLast(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
