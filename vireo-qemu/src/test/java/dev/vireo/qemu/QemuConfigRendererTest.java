package dev.vireo.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.network.Nic;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.volume.BlockDevice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QemuConfigRendererTest {
    private static final UUID UUID_1 = UUID.fromString("6f1c1f0e-8d1a-4c59-9a2e-0d6b1a7c3e01");
    private static final InstancePaths PATHS = new InstancePaths(Path.of("/var/lib/vireo/instances/web1"));
    private static final Path IMAGES = Path.of("/var/lib/vireo/images/sha256-abc");

    private static StartSpec spec(Accelerator accel, Path kernel, Path initrd, String cmdline) {
        return Fixtures.start(Fixtures.instance("web1", UUID_1, 2, 1L << 30, "52:54:00:ab:cd:01"), PATHS,
                PATHS.file("root.qcow2"), kernel, initrd, cmdline, accel, 2222);
    }

    @Test
    void kernelBootMatchesGoldenFile() throws IOException {
        StartSpec spec = spec(Accelerator.TCG, IMAGES.resolve("vmlinuz"), IMAGES.resolve("initrd.img"),
                "root=/dev/vda rw console=ttyS0");

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "qemu-system-x86_64", true));

        assertGolden("kernel-boot.args", argv);
    }

    @Test
    void firmwareBootMatchesGoldenFile() throws IOException {
        StartSpec spec = spec(Accelerator.KVM, null, null, null);

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "/usr/bin/qemu-system-x86_64", false));

        assertGolden("firmware-boot.args", argv);
    }

    @Test
    void coldAttachedVolumesMatchGoldenFile() throws IOException {
        StartSpec base = spec(Accelerator.KVM, null, null, null);
        StartSpec spec = new StartSpec(base.instance(), PATHS, base.rootDisk(), Accelerator.KVM, 2222, null, List.of(
                new VolumeAttachment("data", new BlockDevice(Path.of("/var/lib/vireo/volumes/data.qcow2"),
                        BlockDevice.QCOW2, false), 0),
                new VolumeAttachment("db,logs", new BlockDevice(Path.of("/dev/vireo-vg/vol-db"), BlockDevice.RAW,
                        true), 3)), List.of());

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "/usr/bin/qemu-system-x86_64", false));

        assertGolden("cold-volumes.args", argv);
    }

    @Test
    void nicsOnTapsWithoutSeedMatchGoldenFile() throws IOException {
        StartSpec base = spec(Accelerator.TCG, null, null, null);
        StartSpec spec = new StartSpec(base.instance(), PATHS, base.rootDisk(), Accelerator.TCG, 0, null, List.of(),
                List.of(new Nic("vm", 0, "vireo0", "52:54:00:aa:bb:01", "10.73.0.5", "vn0123456780", List.of()),
                        new Nic("vm", 1, "backend", "52:54:00:aa:bb:02", "10.74.0.9", "vn0123456781",
                                List.of("web"))));

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "qemu-system-x86_64", false));

        assertGolden("tap-nics-metadata.args", argv);
    }

    @Test
    void twoVolumesOnOneSlotAreRejected() {
        StartSpec base = spec(Accelerator.TCG, null, null, null);
        BlockDevice device = new BlockDevice(Path.of("/v.qcow2"), BlockDevice.QCOW2, false);
        StartSpec spec = new StartSpec(base.instance(), PATHS, base.rootDisk(), Accelerator.TCG, 0, null,
                List.of(new VolumeAttachment("a", device, 2), new VolumeAttachment("b", device, 2)), List.of());

        assertThatThrownBy(() -> QemuConfig.forStart(spec, "qemu", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot 2");
    }

    @Test
    void kernelWithoutCmdlineOrInitrdGetsDefaults() {
        StartSpec spec = spec(Accelerator.TCG, IMAGES.resolve("vmlinuz"), null, " ");

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "qemu-system-x86_64", false));

        assertThat(argv).doesNotContain("-initrd");
        assertThat(argv.get(argv.indexOf("-append") + 1)).isEqualTo(QemuConfig.DEFAULT_APPEND);
    }

    @Test
    void commasInPathsAreDoubledInsideOptionLists() {
        InstancePaths commas = new InstancePaths(Path.of("/tmp/a,b"));
        StartSpec spec = Fixtures.start(Fixtures.instance("web1", UUID_1, 1, 512L << 20, "52:54:00:ab:cd:01"), commas,
                commas.file("root.qcow2"), null, null, null, Accelerator.TCG, 0);

        List<String> argv = QemuConfigRenderer.render(QemuConfig.forStart(spec, "qemu-system-x86_64", false));

        assertThat(argv).contains("driver=qcow2,node-name=root,file.driver=file,file.filename=/tmp/a,,b/root.qcow2");
        assertThat(argv).contains("/tmp/a,b/qemu.pid");
        assertThat(argv).contains("user,id=net0");
        assertThat(argv).contains("512M");
    }

    @Test
    void unresolvedAcceleratorIsRejected() {
        assertThatThrownBy(() -> QemuConfig.forStart(spec(Accelerator.AUTO, null, null, null), "qemu", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kvm or tcg");
    }

    /** One argument per line; run with -Dgolden.update=true to rewrite the files after an intended change. */
    private void assertGolden(String name, List<String> argv) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden", name), String.join("\n", argv) + "\n");
            return;
        }
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            List<String> expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(argv).containsExactlyElementsOf(expected);
        }
    }
}
