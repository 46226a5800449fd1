package dev.vireo.storage.ova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceExport;
import dev.vireo.core.appliance.ApplianceImport;
import dev.vireo.core.op.Progress;
import dev.vireo.storage.QemuImg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export an instance's disk chain to .ova, look at it with host tools, and import it again. */
class OvaRoundTripTest {
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    private final QemuImg qemuImg = new QemuImg();
    private final OvaFormat ova = new OvaFormat(qemuImg, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private Path out;
    private Path top;
    private Path kernel;
    private Path initrd;

    @BeforeEach
    void setUp() throws Exception {
        out = Files.createDirectory(tmp.resolve("out"));
        Path base = TestPackages.qcow2WithData(tmp.resolve("base.qcow2"), SIZE, 1L << 20);
        top = tmp.resolve("root.qcow2");
        qemuImg.createOverlay(base, "qcow2", top, SIZE);
        TestPackages.write(top, 40L << 20, 0x77); // the chain's top holds data too
        byte[] k = new byte[300_000];
        new Random(1).nextBytes(k);
        kernel = Files.write(tmp.resolve("vmlinuz"), k);
        initrd = Files.write(tmp.resolve("initrd.img"), new byte[70_001]);
    }

    private ApplianceExport web(Path kernelFile, Path initrdFile, String cmdline) {
        return new ApplianceExport("web", "the web tier", 2, 1L << 30, "52:54:00:12:34:56", top, SIZE, kernelFile,
                initrdFile, cmdline);
    }

    private List<String> outEntries() throws Exception {
        try (Stream<Path> list = Files.list(out)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void exportsAndImportsAKernelBootInstance() throws Exception {
        Path target = out.resolve("web.ova");
        List<Double> fractions = new ArrayList<>();

        ova.export(web(kernel, initrd, "console=ttyS0 root=/dev/vda"), target, (f, t) -> fractions.add(f));

        assertThat(outEntries()).containsExactly("web.ova");
        assertThat(fractions).isNotEmpty().last().isEqualTo(1.0);
        assertThat(TestPackages.run("tar", "-tf", target.toString()).lines().toList())
                .containsExactly("web.ovf", "web-disk1.vmdk", "vmlinuz", "initrd.img", "web.mf");
        Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
        TestPackages.run("tar", "-xf", target.toString(), "-C", unpacked.toString());
        for (String line : Files.readAllLines(unpacked.resolve("web.mf"))) {
            String file = line.substring("SHA256(".length(), line.indexOf(')'));
            String sum = TestPackages.run("sha256sum", unpacked.resolve(file).toString()).split(" ")[0];
            assertThat(line).isEqualTo("SHA256(" + file + ")= " + sum);
        }
        assertThat(Files.readAllLines(unpacked.resolve("web.mf"))).hasSize(4);
        assertThat(TestPackages.run("qemu-img", "info", unpacked.resolve("web-disk1.vmdk").toString()))
                .contains("create type: streamOptimized");

        Path work = tmp.resolve("work");
        ApplianceImport imported = ova.open(target, work, Progress.NONE);

        assertThat(imported.name()).isEqualTo("web");
        assertThat(imported.cpus()).isEqualTo(2);
        assertThat(imported.memoryBytes()).isEqualTo(1L << 30);
        assertThat(imported.macAddresses()).containsExactly("52:54:00:12:34:56");
        assertThat(imported.disks()).containsExactly(work.resolve("disk0.qcow2"));
        assertThat(qemuImg.info(imported.disks().getFirst()).format()).isEqualTo("qcow2");
        assertThat(qemuImg.info(imported.disks().getFirst()).backingFilename()).isNull();
        TestPackages.assertSameContent(top, imported.disks().getFirst());
        assertThat(Files.readAllBytes(imported.kernel())).isEqualTo(Files.readAllBytes(kernel));
        assertThat(Files.readAllBytes(imported.initrd())).isEqualTo(Files.readAllBytes(initrd));
        assertThat(imported.kernel()).startsWith(work);
        assertThat(imported.cmdline()).isEqualTo("console=ttyS0 root=/dev/vda");
        assertThat(imported.warnings()).isEmpty();
    }

    @Test
    void firmwareBootInstancesHaveOnlyTheDisk() throws Exception {
        Path target = out.resolve("plain.ova");

        ova.export(web(null, null, null), target, Progress.NONE);
        ApplianceImport imported = ova.open(target, tmp.resolve("work"), Progress.NONE);

        assertThat(TestPackages.run("tar", "-tf", target.toString()).lines().toList())
                .containsExactly("web.ovf", "web-disk1.vmdk", "web.mf");
        assertThat(imported.kernel()).isNull();
        assertThat(imported.initrd()).isNull();
        assertThat(imported.cmdline()).isNull();
        TestPackages.assertSameContent(top, imported.disks().getFirst());
    }

    @Test
    void refusesAnExistingTargetOrAMissingDirectory() throws Exception {
        Path existing = Files.writeString(out.resolve("web.ova"), "mine");

        assertThatThrownBy(() -> ova.export(web(null, null, null), existing, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessage(existing + " already exists");
        assertThat(Files.readString(existing)).isEqualTo("mine");
        Path nowhere = tmp.resolve("missing/web.ova");
        assertThatThrownBy(() -> ova.export(web(null, null, null), nowhere, Progress.NONE))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("directory " + tmp.resolve("missing") + " does not exist");
        assertThat(outEntries()).containsExactly("web.ova");
    }

    @Test
    void aFailedExportLeavesNothingBehind() throws Exception {
        Path broken = tmp.resolve("broken.qcow2");
        qemuImg.createOverlay(tmp.resolve("base.qcow2"), "qcow2", broken, SIZE);
        Files.delete(tmp.resolve("base.qcow2")); // the chain can no longer be read
        ApplianceExport vm = new ApplianceExport("web", null, 1, 1L << 30, "52:54:00:12:34:56", broken, SIZE, null, null,
                null);

        assertThatThrownBy(() -> ova.export(vm, out.resolve("web.ova"), Progress.NONE)).isInstanceOf(VireoException.class);

        assertThat(outEntries()).isEmpty();
    }
}
