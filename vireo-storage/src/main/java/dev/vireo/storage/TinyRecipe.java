package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * tiny: a test guest that boots in about two seconds under TCG. Debian's cloud kernel with a
 * busybox initramfs that gets DHCP on eth0, prints {@value #READY} on ttyS0, powers off on the
 * ACPI power button and then offers a shell on the console. Its disk is small and empty, so it
 * launches exactly like a real image.
 */
final class TinyRecipe implements Recipe {
    static final String NAME = "tiny";
    static final String READY = "VIREO-TINY-READY";
    private static final String VERSION = "tiny-1";
    private static final String SUITE = "bookworm";
    private static final String KERNEL_META = "linux-image-cloud-amd64";
    private static final String BUSYBOX = "busybox-static";
    /** What the cloud kernel has as modules and the guest needs: virtio disk and NIC, power button events. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "virtio_net", "button", "evdev");
    private static final long DISK_SIZE = 64L << 20;
    /** cryptomgr.notests skips the crypto self-tests: a quarter of the boot time under TCG. */
    private static final String CMDLINE = "console=ttyS0 quiet cryptomgr.notests";
    private static final List<String> SCRIPTS = List.of("init", "inittab", "rc", "udhcpc.script", "power-button");

    private final DebianMirror mirror;

    TinyRecipe(DebianMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String definition() {
        String scripts = SCRIPTS.stream().map(s -> s + "\n" + script(s)).collect(Collectors.joining("\n"));
        return String.join("\n", VERSION, SUITE, KERNEL_META, BUSYBOX, String.join(",", MODULES),
                Long.toString(DISK_SIZE), CMDLINE, READY, scripts);
    }

    @Override
    public String cmdline() {
        return CMDLINE;
    }

    @Override
    public String readyMarker() {
        return READY;
    }

    @Override
    public boolean cloudInit() {
        return false;
    }

    @Override
    public void build(BuildContext ctx) throws IOException {
        ctx.progress().update(0.0, "apt-get update");
        AptPackages apt = AptPackages.update(ctx.work().resolve("apt"), mirror, SUITE);
        String kernelPkg = apt.dependency(KERNEL_META, "linux-image-");
        ctx.progress().update(0.3, "downloading " + kernelPkg + " and " + BUSYBOX);
        Path debs = Files.createDirectory(ctx.work().resolve("debs"));
        List<Path> files = apt.download(debs, List.of(kernelPkg, BUSYBOX));
        ctx.progress().update(0.5, "unpacking");
        Path kernelRoot = ctx.work().resolve("kernel");
        Path busyboxRoot = ctx.work().resolve("busybox");
        AptPackages.extract(files.get(0), kernelRoot);
        AptPackages.extract(files.get(1), busyboxRoot);
        Path vmlinuz = single(kernelRoot.resolve("boot"), "vmlinuz-");
        Files.copy(vmlinuz, ctx.out().resolve(FileImageStore.KERNEL));
        ctx.progress().update(0.75, "writing initramfs");
        Path moduleDir = moduleDir(kernelRoot, vmlinuz.getFileName().toString().substring("vmlinuz-".length()));
        writeInitramfs(ctx.out().resolve(FileImageStore.INITRD), findBusybox(busyboxRoot),
                KernelModules.scan(moduleDir).loadOrder(MODULES));
        ctx.progress().update(0.95, "creating disk");
        ctx.qemuImg().create(ctx.out().resolve(FileImageStore.DISK), "qcow2", DISK_SIZE);
        ctx.progress().update(1.0, "done");
    }

    static void writeInitramfs(Path target, Path busybox, List<Path> modules) throws IOException {
        try (OutputStream file = Files.newOutputStream(target);
                CpioWriter cpio = new CpioWriter(new GZIPOutputStream(file, 1 << 16))) {
            for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "run",
                    "var/log", "var/run", "root")) {
                cpio.directory(dir, 0755);
            }
            cpio.charDevice("dev/console", 0600, 5, 1); // the kernel opens it for /init's output
            cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
            cpio.symlink("bin/sh", "busybox");
            cpio.file("init", 0755, bytes(script("init")));
            cpio.file("etc/inittab", 0644, bytes(script("inittab")));
            cpio.file("etc/rc", 0755, bytes(script("rc")));
            cpio.file("etc/udhcpc.script", 0755, bytes(script("udhcpc.script")));
            cpio.file("etc/acpi/PWRF/00000080", 0755, bytes(script("power-button")));
            StringBuilder load = new StringBuilder();
            for (Path ko : modules) {
                String name = KernelModules.nameOf(ko.getFileName().toString());
                cpio.file("lib/modules/" + name + ".ko", 0644, Files.readAllBytes(ko));
                load.append(name).append('\n');
            }
            cpio.file("lib/modules/load", 0644, bytes(load.toString()));
        }
    }

    private static Path moduleDir(Path kernelRoot, String version) {
        for (String base : List.of("lib/modules/", "usr/lib/modules/")) {
            Path dir = kernelRoot.resolve(base + version);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new VireoException(ErrorCode.INTERNAL, "the kernel package has no modules for " + version);
    }

    private static Path findBusybox(Path root) {
        return Stream.of("bin/busybox", "usr/bin/busybox").map(root::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new VireoException(ErrorCode.INTERNAL, BUSYBOX + " has no busybox binary"));
    }

    private static Path single(Path dir, String prefix) throws IOException {
        Optional<Path> found;
        try (Stream<Path> list = Files.list(dir)) {
            found = list.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
        }
        return found.orElseThrow(() -> new VireoException(ErrorCode.INTERNAL, "no " + prefix + "* in " + dir));
    }

    private static String script(String name) {
        return Trees.resource("tiny/" + name);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
