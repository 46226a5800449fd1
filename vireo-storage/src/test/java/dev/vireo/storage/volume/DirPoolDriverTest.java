package dev.vireo.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.PoolDriver.PoolUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the host's qemu-img; qemu-io writes and verifies guest data. */
class DirPoolDriverTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private final DirPoolDriver driver = new DirPoolDriver();
    private Pool pool;

    @BeforeEach
    void setUp() {
        String source = driver.create("p1", tmp.resolve("a/../pools/p1").toString());
        pool = new Pool("p1", DirPoolDriver.NAME, source, Instant.EPOCH);
    }

    @Test
    void createMakesTheDirectoryAndReturnsItNormalized() {
        assertThat(pool.source()).isEqualTo(tmp.resolve("pools/p1").toString());
        assertThat(Path.of(pool.source())).isDirectory();
        assertThat(driver.create("p1", pool.source())).isEqualTo(pool.source());
    }

    @Test
    void createRefusesAFileAndANullSource() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThatThrownBy(() -> driver.create("p2", file.toString()))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> driver.create("p2", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void volumeIsAQcow2FileOfTheSizeAsked() {
        BlockDevice dev = driver.createVolume(pool, "v1", 16 * MIB);

        assertThat(dev).isEqualTo(new BlockDevice(Path.of(pool.source(), "v1.qcow2"), BlockDevice.QCOW2, false));
        assertThat(dev.path()).isRegularFile();
        assertThat(driver.device(pool, "v1")).isEqualTo(dev);
        assertThat(driver.size(pool, "v1")).isEqualTo(16 * MIB);
        assertThat(driver.allocated(pool, "v1")).isPositive().isLessThan(16 * MIB);
        assertThat(driver.snapshots(pool, "v1")).isEmpty();
        assertThat(names()).containsExactly("v1.qcow2");
    }

    @Test
    void duplicateVolumeIsRefused() {
        driver.createVolume(pool, "v1", 16 * MIB);

        assertThatThrownBy(() -> driver.createVolume(pool, "v1", 8 * MIB))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(driver.size(pool, "v1")).isEqualTo(16 * MIB);
    }

    @Test
    void failedCreateLeavesNoTemporaryFile() {
        assertThatThrownBy(() -> driver.createVolume(pool, "v1", -1))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));

        assertThat(names()).isEmpty();
    }

    @Test
    void resizeGrowsAndRefusesToShrink() {
        driver.createVolume(pool, "v1", 16 * MIB);

        driver.resizeVolume(pool, "v1", 32 * MIB);

        assertThat(driver.size(pool, "v1")).isEqualTo(32 * MIB);
        assertThatThrownBy(() -> driver.resizeVolume(pool, "v1", 8 * MIB))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("only grow");
        assertThat(driver.size(pool, "v1")).isEqualTo(32 * MIB);
    }

    @Test
    void restoreBringsBackTheSnapshotContent() throws Exception {
        Path file = driver.createVolume(pool, "v1", 16 * MIB).path();
        qemuIo(file, "write -P 0xaa 0 64k");
        driver.createSnapshot(pool, "v1", "s1");
        qemuIo(file, "write -P 0xbb 0 64k");

        driver.restoreSnapshot(pool, "v1", "s1");

        qemuIo(file, "read -P 0xaa 0 64k");
        assertThat(driver.snapshots(pool, "v1")).containsExactly("s1");
    }

    @Test
    void snapshotsAreListedAndDeletedAndDuplicatesRefused() {
        driver.createVolume(pool, "v1", 16 * MIB);
        driver.createSnapshot(pool, "v1", "s1");
        driver.createSnapshot(pool, "v1", "s2");

        assertThat(driver.snapshots(pool, "v1")).containsExactly("s1", "s2");
        assertThatThrownBy(() -> driver.createSnapshot(pool, "v1", "s1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));

        driver.deleteSnapshot(pool, "v1", "s1");

        assertThat(driver.snapshots(pool, "v1")).containsExactly("s2");
        assertThatThrownBy(() -> driver.restoreSnapshot(pool, "v1", "s1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void cloneCopiesCurrentContentOrASnapshot() throws Exception {
        Path file = driver.createVolume(pool, "v1", 16 * MIB).path();
        qemuIo(file, "write -P 0xaa 0 64k");
        driver.createSnapshot(pool, "v1", "s1");
        qemuIo(file, "write -P 0xbb 0 64k");

        BlockDevice atSnapshot = driver.cloneVolume(pool, "v1", "s1", "c1");
        BlockDevice current = driver.cloneVolume(pool, "v1", null, "c2");

        qemuIo(atSnapshot.path(), "read -P 0xaa 0 64k");
        qemuIo(current.path(), "read -P 0xbb 0 64k");
        assertThat(driver.size(pool, "c1")).isEqualTo(16 * MIB);
        assertThat(driver.snapshots(pool, "c1")).isEmpty();
        assertThat(names()).containsExactly("c1.qcow2", "c2.qcow2", "v1.qcow2");
    }

    @Test
    void failedCloneLeavesNoTemporaryFile() {
        driver.createVolume(pool, "v1", 16 * MIB);

        assertThatThrownBy(() -> driver.cloneVolume(pool, "v1", "nope", "c1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> driver.cloneVolume(pool, "v1", null, "v1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(names()).containsExactly("v1.qcow2");
    }

    @Test
    void growingKeepsSnapshotsAndRestoreBringsBackTheirSize() throws Exception {
        Path file = driver.createVolume(pool, "v1", 16 * MIB).path();
        qemuIo(file, "write -P 0xaa 0 64k");
        driver.createSnapshot(pool, "v1", "s1");
        driver.resizeVolume(pool, "v1", 32 * MIB);

        driver.restoreSnapshot(pool, "v1", "s1");

        assertThat(driver.size(pool, "v1")).isEqualTo(16 * MIB);
        qemuIo(file, "read -P 0xaa 0 64k");
    }

    @Test
    void usageCountsThePoolsVolumes() {
        driver.createVolume(pool, "v1", 16 * MIB);
        driver.createVolume(pool, "v2", 16 * MIB);

        PoolUsage usage = driver.usage(pool);

        assertThat(usage.usedBytes()).isEqualTo(driver.allocated(pool, "v1") + driver.allocated(pool, "v2"));
        assertThat(usage.capacityBytes()).isGreaterThan(usage.usedBytes());
    }

    @Test
    void deleteVolumeThenPool() {
        driver.createVolume(pool, "v1", 16 * MIB);
        driver.createSnapshot(pool, "v1", "s1");

        driver.deleteVolume(pool, "v1");

        assertThat(names()).isEmpty();
        assertThatThrownBy(() -> driver.device(pool, "v1"))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        driver.delete(pool);
        assertThat(Path.of(pool.source())).doesNotExist();
    }

    @Test
    void poolWithLeftoverFilesIsNotDeleted() throws IOException {
        Files.writeString(Path.of(pool.source(), "notes.txt"), "mine");

        assertThatThrownBy(() -> driver.delete(pool))
                .isInstanceOfSatisfying(VireoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("notes.txt");
        assertThat(Path.of(pool.source(), "notes.txt")).exists();
    }

    private List<String> names() {
        try (Stream<Path> files = Files.list(Path.of(pool.source()))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one qemu-io command; {@code read -P} fails (and says so) when the pattern does not match. */
    private static void qemuIo(Path file, String command) throws Exception {
        Process p = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", command, file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(command).doesNotContain("Pattern verification failed").doesNotContain("failed");
    }
}
