package dev.vireo.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CpioWriter, KernelModules and the tiny initramfs, checked against GNU cpio where it helps. */
class InitramfsTest {
    @TempDir
    Path tmp;

    private static byte[] ko(String depends) {
        return ("\u007fELF....\0license=GPL\0depends=" + depends + "\0intree=Y\0").getBytes(StandardCharsets.US_ASCII);
    }

    private Path moduleTree() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("lib/modules/6.1.0-1-cloud-amd64"));
        Path virtio = Files.createDirectories(dir.resolve("kernel/drivers/virtio"));
        Files.write(virtio.resolve("virtio.ko"), ko("virtio_ring"));
        Files.write(virtio.resolve("virtio_ring.ko"), ko(""));
        Files.write(virtio.resolve("virtio_pci.ko"), ko("virtio_ring,virtio_pci_modern_dev,virtio"));
        Files.write(virtio.resolve("virtio_pci_modern_dev.ko"), ko(""));
        Files.write(Files.createDirectories(dir.resolve("kernel/drivers/char/hw_random")).resolve("virtio-rng.ko"),
                ko("virtio,virtio_ring"));
        Files.write(dir.resolve("kernel/a.ko"), ko("b"));
        Files.write(dir.resolve("kernel/b.ko"), ko("a"));
        Files.writeString(dir.resolve("modules.builtin"), "kernel/drivers/input/evdev.ko\n");
        return dir;
    }

    @Test
    void readsDependsFromModinfo() {
        assertThat(KernelModules.depends(ko("virtio_ring,virtio"))).containsExactly("virtio_ring", "virtio");
        assertThat(KernelModules.depends(ko(""))).isEmpty();
        assertThat(KernelModules.depends("no modinfo here".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(KernelModules.nameOf("virtio-rng.ko")).isEqualTo("virtio_rng");
    }

    @Test
    void ordersDependenciesFirstAndSkipsBuiltins() throws Exception {
        KernelModules modules = KernelModules.scan(moduleTree());

        List<String> order = modules.loadOrder(List.of("virtio_pci", "virtio-rng", "evdev")).stream()
                .map(p -> p.getFileName().toString()).toList();

        assertThat(order).containsExactly("virtio_ring.ko", "virtio_pci_modern_dev.ko", "virtio.ko", "virtio_pci.ko",
                "virtio-rng.ko");
    }

    @Test
    void missingAndCyclicModulesAreErrors() throws Exception {
        KernelModules modules = KernelModules.scan(moduleTree());

        assertThatThrownBy(() -> modules.loadOrder(List.of("e1000"))).hasMessage(
                "kernel module e1000 is neither built in nor shipped");
        assertThatThrownBy(() -> modules.loadOrder(List.of("a"))).hasMessageContaining("cycle");
    }

    @Test
    void cpioArchiveIsReadableByGnuCpioAndReproducible() throws Exception {
        byte[] first = archive();
        byte[] second = archive();
        assertThat(second).isEqualTo(first);

        Path out = Files.createDirectories(tmp.resolve("out"));
        Path archive = Files.write(tmp.resolve("a.cpio"), first);
        String listing = run(List.of("cpio", "-itv", "-F", archive.toString()), out);
        run(List.of("cpio", "-idm", "--no-absolute-filenames", "-F", archive.toString()), out);

        assertThat(listing).contains("drwxr-xr-x", "etc/rc", "bin/sh -> busybox", "crw-------");
        assertThat(out.resolve("etc/rc")).hasContent("#!/bin/sh\necho hi\n");
        assertThat(Files.isExecutable(out.resolve("etc/rc"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(out.resolve("a/b/c/odd")).hasContent("12345");
    }

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(bytes)) {
            cpio.directory("bin", 0755);
            cpio.file("bin/busybox", 0755, new byte[] {1, 2, 3});
            cpio.symlink("bin/sh", "busybox");
            cpio.file("/etc/rc", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
            cpio.file("a/b/c/odd", 0644, "12345".getBytes(StandardCharsets.UTF_8));
            cpio.charDevice("dev/console", 0600, 5, 1);
        }
        assertThat(bytes.size() % 4).isZero();
        return bytes.toByteArray();
    }

    @Test
    void refusesPathsThatEscape() {
        CpioWriter cpio = new CpioWriter(new ByteArrayOutputStream());

        assertThatThrownBy(() -> cpio.file("../etc/passwd", 0644, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tinyInitramfsHasInitScriptsAndModulesInLoadOrder() throws Exception {
        Path dir = moduleTree();
        Path busybox = Files.write(tmp.resolve("busybox"), new byte[] {0x7f, 'E', 'L', 'F'});
        Path initrd = tmp.resolve("initrd.img");

        TinyRecipe.writeInitramfs(initrd, busybox, KernelModules.scan(dir).loadOrder(List.of("virtio_pci")));

        Path out = Files.createDirectories(tmp.resolve("unpacked"));
        Path cpio = tmp.resolve("initrd.cpio");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(initrd))) {
            Files.copy(in, cpio);
        }
        run(List.of("cpio", "-idm", "--no-absolute-filenames", "-F", cpio.toString()), out);
        assertThat(Files.isExecutable(out.resolve("init"))).isTrue();
        assertThat(out.resolve("init")).content().contains("exec /sbin/init");
        assertThat(out.resolve("etc/rc")).content().contains("echo VIREO-TINY-READY");
        assertThat(out.resolve("etc/inittab")).content().contains("ttyS0::respawn:-/bin/sh");
        assertThat(Files.isExecutable(out.resolve("etc/acpi/PWRF/00000080"))).isTrue();
        assertThat(out.resolve("lib/modules/load")).hasContent("virtio_ring\nvirtio_pci_modern_dev\nvirtio\nvirtio_pci");
        assertThat(out.resolve("lib/modules/virtio_pci.ko")).exists();
        assertThat(out.resolve("var/run")).isDirectory();
    }

    private static String run(List<String> argv, Path cwd) throws Exception {
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
