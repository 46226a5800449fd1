package dev.vireo.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.InstanceDriver.BackupResult;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.qemu.qmp.QmpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volumes and backups on real QEMU (TCG) with no guest OS: SeaBIOS finds nothing to boot and idles,
 * so nothing in the guest ever answers a hot-unplug request.
 */
class VolumeHotplugRealTest {
    private static final QemuSettings SETTINGS = new QemuSettings("qemu-system-x86_64", Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(5), Clock.systemUTC());
    private static final long MIB = 1L << 20;

    @TempDir
    Path root;

    private final QemuDriver driver = new QemuDriver(SETTINGS);
    private final List<Vm> vms = new ArrayList<>();

    record Vm(Instance instance, InstancePaths paths, StartSpec spec) {
        Instance running() {
            return instance.withStatus(InstanceStatus.RUNNING, null);
        }

        Path disk() {
            return paths.file("root.qcow2");
        }
    }

    @BeforeAll
    static void qemuInstalled() {
        assumeTrue(Stream.of("qemu-system-x86_64", "qemu-img", "qemu-io").allMatch(VolumeHotplugRealTest::onPath),
                "QEMU is not installed");
    }

    @AfterEach
    void killLeftovers() {
        driver.detachAll();
        vms.forEach(vm -> QemuProcess.livePid(vm.paths(), vm.instance().uuid()).ifPresent(QemuPid::killAndWait));
    }

    private Vm vm(String name, List<VolumeAttachment> volumes) throws Exception {
        InstancePaths paths = new InstancePaths(root.resolve(name));
        Files.createDirectories(paths.dir());
        Path disk = paths.file("root.qcow2");
        if (!Files.exists(disk)) {
            run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M");
        }
        Instance instance = Fixtures.instance(name, UUID.randomUUID(), 1, 128L << 20, "52:54:00:12:34:56");
        StartSpec base = Fixtures.start(instance, paths, disk, null, null, null, Accelerator.TCG, 0);
        StartSpec spec = new StartSpec(base.instance(), paths, disk, Accelerator.TCG, 0, null, volumes, List.of());
        Vm vm = new Vm(instance, paths, spec);
        vms.add(vm);
        return vm;
    }

    private VolumeAttachment qcow2(String name, int slot, String size) throws Exception {
        Path file = root.resolve(name + ".qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), size);
        return new VolumeAttachment(name, new BlockDevice(file, BlockDevice.QCOW2, false), slot);
    }

    private <T> T qmp(Vm vm, Function<QmpClient, T> query) {
        try (Monitors.Lease lease = driver.qmp(vm.instance(), vm.paths())) {
            return query.apply(lease.client());
        }
    }

    private String qom(Vm vm, String device, String property) {
        JsonNode value = qmp(vm, c -> c.qomGet("/machine/peripheral/" + device, property));
        return value.asText();
    }

    /** query-block's entry for node {@code node}. */
    private JsonNode block(Vm vm, String node) {
        for (JsonNode dev : qmp(vm, c -> c.execute("query-block", null))) {
            if (dev.path("inserted").path("node-name").asText().equals(node)) {
                return dev;
            }
        }
        return null;
    }

    @Test
    void aColdVolumeSitsOnItsPortWithItsNameAsSerial() throws Exception {
        VolumeAttachment data = qcow2("data", 2, "32M");
        Vm vm = vm("cold", List.of(data));

        driver.start(vm.spec(), (n, s, r) -> {});

        JsonNode block = block(vm, "vol2");
        assertThat(block).as("query-block lists vol2").isNotNull();
        assertThat(block.path("qdev").asText()).isEqualTo("/machine/peripheral/vol2-disk/virtio-backend");
        assertThat(block.path("inserted").path("file").asText()).isEqualTo(data.device().path().toString());
        assertThat(qom(vm, "vol2-disk", "serial")).isEqualTo("data");
        assertThat(qom(vm, "vol2-disk", "parent_bus"))
                .isEqualTo("/machine/peripheral/hp2/hp2");
        assertThat(qmp(vm, QmpClient::deviceIds)).contains("hp0", "hp1", "hp2", "hp3", "hp4", "hp5", "hp6", "hp7");
    }

    @Test
    void hotAttachResizeSnapshotsAndADetachTheGuestNeverAnswers() throws Exception {
        Vm vm = vm("hot", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        VolumeAttachment data = qcow2("data", 1, "32M");

        long t0 = System.nanoTime();
        driver.attachVolume(vm.running(), vm.paths(), data);
        System.out.printf("hot attach took %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(qom(vm, "vol1-disk", "parent_bus"))
                .isEqualTo("/machine/peripheral/hp1/hp1");
        assertThat(qom(vm, "vol1-disk", "serial")).isEqualTo("data");
        assertThat(block(vm, "vol1").path("inserted").path("file").asText())
                .isEqualTo(data.device().path().toString());
        assertThatThrownBy(() -> driver.attachVolume(vm.running(), vm.paths(), data))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.ALREADY_EXISTS));

        driver.resizeVolume(vm.running(), vm.paths(), data, 96 * MIB);
        assertThat(block(vm, "vol1").path("inserted").path("image").path("virtual-size").asLong())
                .isEqualTo(96 * MIB);

        driver.snapshotVolume(vm.running(), vm.paths(), data, "s1");
        driver.snapshotVolume(vm.running(), vm.paths(), data, "s2");
        driver.deleteVolumeSnapshot(vm.running(), vm.paths(), data, "s1");
        assertThat(block(vm, "vol1").path("inserted").path("image").path("snapshots").findValuesAsText("name"))
                .containsExactly("s2");

        Duration timeout = Duration.ofSeconds(1);
        assertThatThrownBy(() -> driver.detachVolume(vm.running(), vm.paths(), data, timeout))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessage("instance hot: guest did not release volume data within 1 s; it stays attached");
        assertThat(qmp(vm, QmpClient::deviceIds)).contains("vol1-disk");
        assertThat(qmp(vm, QmpClient::nodeNames)).contains("vol1");
        assertThat(Files.readString(vm.paths().qmpLog())).contains("\"execute\":\"device_del\"");

        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
        String info = run("qemu-img", "info", data.device().path().toString());
        assertThat(info).contains("virtual size: 96 MiB").contains("s2").doesNotContain("s1");
    }

    @Test
    void rawVolumesGrowWhenTheirDeviceHasGrownAndHaveNoInternalSnapshots() throws Exception {
        Vm vm = vm("raw", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        Path file = root.resolve("raw.img");
        run("qemu-img", "create", "-q", "-f", "raw", file.toString(), "16M");
        VolumeAttachment raw = new VolumeAttachment("raw", new BlockDevice(file, BlockDevice.RAW, false), 3);
        driver.attachVolume(vm.running(), vm.paths(), raw);

        run("truncate", "-s", "48M", file.toString());
        driver.resizeVolume(vm.running(), vm.paths(), raw, 48 * MIB);

        assertThat(block(vm, "vol3").path("inserted").path("image").path("virtual-size").asLong())
                .isEqualTo(48 * MIB);
        assertThatThrownBy(() -> driver.snapshotVolume(vm.running(), vm.paths(), raw, "s1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aBlockDeviceGrownByTheStorageGrowsInTheGuest() throws Exception {
        Path file = root.resolve("lv.img");
        run("truncate", "-s", "16M", file.toString());
        Process losetup = new ProcessBuilder("losetup", "-f", "--show", file.toString()).start();
        String loop = new String(losetup.getInputStream().readAllBytes()).trim();
        assumeTrue(losetup.waitFor() == 0 && loop.startsWith("/dev/"), "no loop devices here");
        try {
            Vm vm = vm("lv", List.of());
            driver.start(vm.spec(), (n, s, r) -> {});
            VolumeAttachment lv = new VolumeAttachment("lv", new BlockDevice(Path.of(loop), BlockDevice.RAW, true), 6);

            driver.attachVolume(vm.running(), vm.paths(), lv);
            JsonNode inserted = block(vm, "vol6").path("inserted");
            assertThat(inserted.path("cache").path("direct").asBoolean()).isTrue();
            run("truncate", "-s", "40M", file.toString());
            run("losetup", "-c", loop);
            driver.resizeVolume(vm.running(), vm.paths(), lv, 40 * MIB);

            assertThat(block(vm, "vol6").path("inserted").path("image").path("virtual-size").asLong())
                    .isEqualTo(40 * MIB);
            driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
        } finally {
            run("losetup", "-d", loop);
        }
    }

    @Test
    void failedAttachesLeaveNoBlockNodeBehind() throws Exception {
        Vm vm = vm("fail", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        VolumeAttachment missing = new VolumeAttachment("gone", new BlockDevice(root.resolve("gone.qcow2"),
                BlockDevice.QCOW2, false), 0);

        assertThatThrownBy(() -> driver.attachVolume(vm.running(), vm.paths(), missing))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("Could not open");
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain("vol0");
        assertThat(qmp(vm, QmpClient::deviceIds)).doesNotContain("vol0-disk");

        // Something else on port hp4 makes device_add fail after blockdev-add has succeeded.
        qmp(vm, c -> {
            c.deviceAdd(Map.of("driver", "virtio-rng-pci", "id", "squatter", "bus", "hp4", "addr", "0"));
            return null;
        });
        VolumeAttachment blocked = qcow2("blocked", 4, "8M");
        assertThatThrownBy(() -> driver.attachVolume(vm.running(), vm.paths(), blocked))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("device_add");
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain("vol4");
        assertThat(qmp(vm, QmpClient::deviceIds)).doesNotContain("vol4-disk");
    }

    @Test
    void aLeftoverNodeIsClosedByDetachAndReopenedByAttach() throws Exception {
        Vm vm = vm("leftover", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        VolumeAttachment data = qcow2("data", 5, "8M");
        QemuConfig.Volume volume = QemuConfig.Volume.of(data);
        // What a detach leaves when the guest let go of the device but blockdev-del never ran.
        qmp(vm, c -> {
            c.blockdevAdd(volume.blockdev());
            return null;
        });

        driver.detachVolume(vm.running(), vm.paths(), data, Duration.ofSeconds(1));
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain("vol5");

        qmp(vm, c -> {
            c.blockdevAdd(volume.blockdev());
            return null;
        });
        driver.attachVolume(vm.running(), vm.paths(), data);
        assertThat(qmp(vm, QmpClient::deviceIds)).contains("vol5-disk");
    }

    @Test
    void fullThenIncrementalBackupOfTheRunningRootDisk() throws Exception {
        InstancePaths paths = new InstancePaths(root.resolve("bk"));
        Files.createDirectories(paths.dir());
        Path disk = paths.file("root.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "64M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 4M", "-c", "write -P 0x22 8M 1M", disk.toString());
        Path atFull = root.resolve("at-full.qcow2");
        Files.copy(disk, atFull);
        Vm vm = vm("bk", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});

        Path full = root.resolve("full.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", full.toString(), "64M");
        BackupResult first = driver.backupRootDisk(vm.running(), vm.paths(), full, false);

        assertThat(first.bytesCopied()).isGreaterThanOrEqualTo(5 * MIB);
        assertThat(run("qemu-img", "compare", atFull.toString(), full.toString())).contains("identical");

        String hmp = qmp(vm, c -> c.humanMonitorCommand(
                "qemu-io -d " + QemuConfig.ROOT_DISK_DEVICE + "/virtio-backend \"write -P 0x5a 1M 64k\""));
        assertThat(hmp).isEmpty();
        Path inc = root.resolve("inc-1.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", full.toString(), inc.toString());
        BackupResult second = driver.backupRootDisk(vm.running(), vm.paths(), inc, true);

        assertThat(second.bytesCopied()).isEqualTo(64 * 1024);
        assertThat(Files.size(inc)).isLessThan(MIB);
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain(QemuBackup.TARGET_NODE);

        driver.snapshotDisk(vm.running(), vm.paths(), paths.file("layer-1.qcow2").toAbsolutePath());
        Path inc2 = root.resolve("inc-2.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", inc.toString(), inc2.toString());
        assertThatThrownBy(() -> driver.backupRootDisk(vm.running(), vm.paths(), inc2, true))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("take a full backup");

        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
        assertThat(run("qemu-img", "compare", disk.toString(), inc.toString())).contains("identical");
        assertThat(exitCode("qemu-img", "compare", atFull.toString(), inc.toString()))
                .as("the incremental carries the write").isEqualTo(1);
        assertThat(run("qemu-img", "info", disk.toString())).as("the bitmap is kept in the image")
                .contains(QemuBackup.BITMAP);
    }

    @Test
    void anUncleanStopEndsChangeTrackingUntilTheNextFullBackup() throws Exception {
        Vm vm = vm("crash", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        driver.backupRootDisk(vm.running(), vm.paths(), emptyImage("full-1.qcow2"), false);
        // A new bitmap reaches the image when QEMU closes it; one read back from it is marked in use there.
        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);
        long pid = driver.start(vm.spec(), (n, s, r) -> {}).pid();
        assertThat(rootBitmaps(vm)).singleElement().satisfies(b -> assertThat(b.inconsistent()).isFalse());
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
        assertThat(new QemuPid(pid, vm.instance().uuid()).awaitExit(Duration.ofSeconds(10))).isTrue();
        driver.stop(vm.running(), vm.paths(), Duration.ZERO, true);

        driver.start(vm.spec(), (n, s, r) -> {});
        assertThat(rootBitmaps(vm)).singleElement()
                .satisfies(b -> assertThat(b.inconsistent()).isTrue());
        Path inc = emptyImage("inc.qcow2");
        assertThatThrownBy(() -> driver.backupRootDisk(vm.running(), vm.paths(), inc, true))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_STATE));

        driver.backupRootDisk(vm.running(), vm.paths(), emptyImage("full-2.qcow2"), false);
        assertThat(rootBitmaps(vm)).singleElement()
                .satisfies(b -> assertThat(b.inconsistent()).isFalse());
        assertThat(driver.backupRootDisk(vm.running(), vm.paths(), inc, true).bytesCopied()).isZero();
    }

    private List<QmpClient.DirtyBitmap> rootBitmaps(Vm vm) {
        return qmp(vm, c -> c.dirtyBitmaps(c.topNode(QemuConfig.ROOT_DISK_DEVICE)));
    }

    private Path emptyImage(String name) throws Exception {
        Path file = root.resolve(name);
        run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "64M");
        return file;
    }

    @Test
    void anIncrementalBackupNeedsAFullOneFirst() throws Exception {
        Vm vm = vm("noinc", List.of());
        driver.start(vm.spec(), (n, s, r) -> {});
        Path inc = root.resolve("inc.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", inc.toString(), "64M");

        assertThatThrownBy(() -> driver.backupRootDisk(vm.running(), vm.paths(), inc, true))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessage("instance noinc: no change tracking since the last full backup (a disk snapshot or an "
                        + "unclean stop ends it); take a full backup");
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain(QemuBackup.TARGET_NODE);

        Path small = root.resolve("small.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", small.toString(), "32M");
        assertThatThrownBy(() -> driver.backupRootDisk(vm.running(), vm.paths(), small, false))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("size");
        assertThat(rootBitmaps(vm)).as("a failed full backup starts no tracking").isEmpty();
        assertThat(qmp(vm, QmpClient::nodeNames)).doesNotContain(QemuBackup.TARGET_NODE);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
