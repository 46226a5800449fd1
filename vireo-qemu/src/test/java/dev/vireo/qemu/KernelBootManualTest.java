package dev.vireo.qemu;

import static dev.vireo.qemu.WaitUntil.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct kernel boot of a real kernel, run by hand: {@code -Dvireo.kernel=vmlinuz -Dvireo.initrd=initrd.img}
 * where the initrd's /init prints {@code VIREO-TINY-BOOTED} on the console and then runs {@code poweroff -f}
 * and the names of its /dev/vd* disks (a busybox-static initramfs that insmods virtio_pci and virtio_blk
 * from the linux-image-cloud-amd64 package, whose kernel boots it in ~2 s under TCG, will do). Needs xorriso.
 */
@EnabledIfSystemProperty(named = "vireo.kernel", matches = ".+")
class KernelBootManualTest {
    @TempDir
    Path root;

    @Test
    void kernelBootsAndItsPowerOffIsReported() throws Exception {
        InstancePaths paths = new InstancePaths(root.resolve("tiny"));
        Files.createDirectories(paths.dir());
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", paths.file("root.qcow2").toString(), "64M")
                .inheritIO().start().waitFor();
        Path seedDir = Files.createDirectories(root.resolve("seed"));
        Files.writeString(seedDir.resolve("meta-data"), "instance-id: tiny\n");
        new ProcessBuilder("xorriso", "-as", "mkisofs", "-quiet", "-V", "cidata", "-J", "-r", "-o",
                paths.seedIso().toString(), seedDir.toString()).inheritIO().start().waitFor();
        Instance instance = Fixtures.instance("tiny", UUID.randomUUID(), 1, 256L << 20, "52:54:00:12:34:57");
        StartSpec spec = Fixtures.start(instance, paths, paths.file("root.qcow2"),
                Path.of(System.getProperty("vireo.kernel")), Path.of(System.getProperty("vireo.initrd")),
                "console=ttyS0", Accelerator.TCG, 0);
        QemuDriverRealTest.Recorder listener = new QemuDriverRealTest.Recorder();
        QemuDriver driver = new QemuDriver();
        try {
            driver.start(spec, listener);

            until(Duration.ofSeconds(60), "the guest's init prints its marker",
                    () -> serial(paths).contains("VIREO-TINY-BOOTED"));
            until(Duration.ofSeconds(30), "the guest's poweroff is reported",
                    () -> listener.saw(InstanceStatus.STOPPED));
            assertThat(serial(paths)).as("root disk first, then the seed").contains("disks: vda vdb");
            assertThat(listener.reports).contains(
                    new QemuDriverRealTest.Report("tiny", InstanceStatus.STOPPED, "guest powered off"));
        } finally {
            driver.stop(instance, paths, Duration.ofSeconds(1), true);
        }
    }

    private static String serial(InstancePaths paths) {
        try {
            return Files.readString(paths.serialLog());
        } catch (IOException e) {
            return "";
        }
    }
}
