package dev.vireo.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.PoolDriver.PoolUsage;
import dev.vireo.storage.Lvm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an lvm-thin pool must do, run against the host's LVM ({@link LvmThinPoolDriverTest}) and
 * against an in-memory LVM ({@link LvmThinPoolDriverFakeTest}). One pool for the class, made
 * first; the last test deletes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LvmThinPoolDriverContract {
    static final long MIB = 1L << 20;
    private static final int CHUNK = 64 * 1024;

    LvmThinPoolDriver driver;
    Pool pool;

    /** The LVM under test, with a volume group of about 1 GiB named {@link #vg()}. */
    abstract Lvm lvm();

    abstract String vg();

    @BeforeAll
    void createPool() {
        driver = new LvmThinPoolDriver(lvm());
        pool = new Pool("t1", LvmThinPoolDriver.NAME, driver.create("t1", vg()), Instant.EPOCH);
    }

    @Test
    @Order(1)
    void createMakesTheThinPoolOnceAndChecksTheVolumeGroup() {
        assertThat(pool.source()).isEqualTo(vg() + "/vireo_t1");
        assertThat(lvm().lv(vg(), "vireo_t1")).get().satisfies(lv -> {
            assertThat(lv.thinPool()).isTrue();
            assertThat(lv.sizeBytes()).isBetween(800 * MIB, 1024 * MIB);
        });
        assertThat(driver.create("t1", vg())).isEqualTo(pool.source());
        assertThatThrownBy(() -> driver.create("t2", "novg" + vg()))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("volume group novg" + vg() + " not found");
        assertThatThrownBy(() -> driver.create("t2", vg() + "/a/b")).isInstanceOf(VireoException.class);
    }

    @Test
    @Order(2)
    void volumeIsARawBlockDeviceOfTheSizeAsked() throws IOException {
        BlockDevice dev = driver.createVolume(pool, "v1", 16 * MIB);

        assertThat(dev.format()).isEqualTo(BlockDevice.RAW);
        assertThat(dev.blockDevice()).isTrue();
        assertThat(dev.path()).exists();
        assertThat(driver.device(pool, "v1")).isEqualTo(dev);
        assertThat(driver.size(pool, "v1")).isEqualTo(16 * MIB);
        assertThat(deviceSize(dev.path())).isEqualTo(16 * MIB);
        assertThatThrownBy(() -> driver.createVolume(pool, "v1", 16 * MIB))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    @Order(3)
    void restoreBringsBackTheSnapshotBytesAndCloneCopiesThem() throws IOException {
        write(driver.device(pool, "v1").path(), (byte) 0xaa);
        driver.createSnapshot(pool, "v1", "s1");
        write(driver.device(pool, "v1").path(), (byte) 0xbb);

        driver.restoreSnapshot(pool, "v1", "s1");

        assertThat(read(driver.device(pool, "v1").path())).isEqualTo((byte) 0xaa);
        assertThat(driver.snapshots(pool, "v1")).containsExactly("s1");
        write(driver.device(pool, "v1").path(), (byte) 0xcc);
        BlockDevice clone = driver.cloneVolume(pool, "v1", "s1", "c1");
        assertThat(read(clone.path())).isEqualTo((byte) 0xaa);
        assertThat(clone.path()).isEqualTo(driver.device(pool, "c1").path());
        assertThat(read(driver.cloneVolume(pool, "v1", null, "c2").path())).isEqualTo((byte) 0xcc);
        assertThat(driver.snapshots(pool, "c1")).isEmpty();
        assertThatThrownBy(() -> driver.createSnapshot(pool, "v1", "s1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> driver.restoreSnapshot(pool, "v1", "nope"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @Order(4)
    void resizeGrowsToWholeExtentsAndRefusesToShrink() throws IOException {
        driver.resizeVolume(pool, "v1", 24 * MIB + 1);

        assertThat(driver.size(pool, "v1")).isEqualTo(28 * MIB); // 4 MiB extents
        assertThat(deviceSize(driver.device(pool, "v1").path())).isEqualTo(28 * MIB);
        assertThatThrownBy(() -> driver.resizeVolume(pool, "v1", 8 * MIB))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(read(driver.device(pool, "v1").path())).isEqualTo((byte) 0xcc);
    }

    @Test
    @Order(5)
    void usageIsPlausible() {
        PoolUsage usage = driver.usage(pool);

        assertThat(usage.capacityBytes()).isBetween(800 * MIB, 1024 * MIB);
        assertThat(usage.usedBytes()).isBetween((long) CHUNK, 100 * MIB);
        assertThat(driver.allocated(pool, "v1")).isPositive().isLessThan(28 * MIB); // data_percent has 2 decimals
    }

    @Test
    @Order(6)
    void deleteVolumeRemovesItsSnapshots() {
        driver.createSnapshot(pool, "v1", "s2");

        driver.deleteVolume(pool, "v1");

        assertThat(lvm().lvs(vg())).extracting(Lvm.Lv::name).noneMatch(n -> n.contains("_v1"))
                .contains("vv_t1_c1", "vv_t1_c2");
        assertThatThrownBy(() -> driver.snapshots(pool, "v1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @Order(7)
    void poolDeleteIsRefusedWhileItHoldsVolumes() {
        assertThatThrownBy(() -> driver.delete(pool))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("vv_t1_c1");

        driver.deleteVolume(pool, "c1");
        driver.deleteVolume(pool, "c2");
        driver.delete(pool);

        assertThat(lvm().lvs(vg())).isEmpty();
    }

    private static void write(Path device, byte pattern) throws IOException {
        byte[] bytes = new byte[CHUNK];
        Arrays.fill(bytes, pattern);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), 0);
            ch.force(true);
        }
    }

    /** The byte the first 64 KiB are all made of; fails when they differ. */
    private static byte read(Path device) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // keep reading
            }
        }
        byte[] bytes = buf.array();
        for (byte b : bytes) {
            assertThat(b).isEqualTo(bytes[0]);
        }
        return bytes[0];
    }

    /** st_size is 0 for a block device: ask the kernel. */
    private static long deviceSize(Path device) throws IOException {
        if (Files.isRegularFile(device)) {
            return Files.size(device);
        }
        Process p = new ProcessBuilder("blockdev", "--getsize64", device.toString()).start();
        return Long.parseLong(new String(p.getInputStream().readAllBytes()).strip());
    }
}
