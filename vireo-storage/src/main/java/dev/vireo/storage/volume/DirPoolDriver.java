package dev.vireo.storage.volume;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.PoolDriver;
import dev.vireo.storage.AtomicFiles;
import dev.vireo.storage.QemuImg;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Pools of qcow2 files: volume {@code v} is {@code <source>/v.qcow2}, its snapshots are qcow2
 * internal snapshots. New files (create, clone) appear whole or not at all.
 */
public final class DirPoolDriver implements PoolDriver {
    public static final String NAME = "dir";
    private static final String SUFFIX = ".qcow2";

    private final QemuImg qemuImg;

    public DirPoolDriver() {
        this(new QemuImg());
    }

    public DirPoolDriver(QemuImg qemuImg) {
        this.qemuImg = Objects.requireNonNull(qemuImg);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Creates the directory (and parents) if missing; returns its absolute, normalized path. */
    @Override
    public String create(String pool, String source) {
        if (source == null) {
            throw new IllegalArgumentException("a dir pool needs a directory");
        }
        Path dir = Path.of(source).toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw VireoException.invalid("pool path " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        return dir.toString();
    }

    /** Removes the pool's directory if it is empty; a directory already gone is fine. */
    @Override
    public void delete(Pool pool) {
        Path dir = Path.of(pool.source());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new VireoException(ErrorCode.INVALID_STATE, "pool directory " + dir + " still holds files: "
                    + String.join(", ", leftovers(dir)) + "; move or delete them first");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Capacity is the file system's size (pools share it); used is what the pool's volumes take. */
    @Override
    public PoolUsage usage(Pool pool) {
        Path dir = Path.of(pool.source());
        try (Stream<Path> files = Files.list(dir)) {
            long used = files.filter(DirPoolDriver::isVolumeFile).mapToLong(f -> qemuImg.info(f).actualSize()).sum();
            return new PoolUsage(Files.getFileStore(dir).getTotalSpace(), used);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read pool directory " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BlockDevice createVolume(Pool pool, String volume, long sizeBytes) {
        Path file = requireAbsent(pool, volume);
        AtomicFiles.create(file, tmp -> qemuImg.create(tmp, BlockDevice.QCOW2, sizeBytes));
        return new BlockDevice(file, BlockDevice.QCOW2, false);
    }

    @Override
    public BlockDevice device(Pool pool, String volume) {
        return new BlockDevice(requireFile(pool, volume), BlockDevice.QCOW2, false);
    }

    /** Internal snapshots go with the file; a volume already gone is fine. */
    @Override
    public void deleteVolume(Pool pool, String volume) {
        Path file = file(pool, volume);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resizeVolume(Pool pool, String volume, long sizeBytes) {
        Path file = requireFile(pool, volume);
        long now = qemuImg.info(file).virtualSize();
        if (sizeBytes < now) {
            throw VireoException.invalid("volume " + volume + " is " + Sizes.format(now) + "; volumes only grow, not to "
                    + Sizes.format(sizeBytes));
        }
        if (sizeBytes > now) {
            qemuImg.resize(file, BlockDevice.QCOW2, sizeBytes);
        }
    }

    @Override
    public void createSnapshot(Pool pool, String volume, String snapshot) {
        Path file = requireFile(pool, volume);
        if (qemuImg.snapshots(file).contains(snapshot)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "volume " + volume + " already has snapshot " + snapshot);
        }
        qemuImg.createSnapshot(file, snapshot);
    }

    @Override
    public void deleteSnapshot(Pool pool, String volume, String snapshot) {
        qemuImg.deleteSnapshot(requireSnapshot(pool, volume, snapshot), snapshot);
    }

    /** {@code qemu-img snapshot -a}: the content and the virtual size become the snapshot's. */
    @Override
    public void restoreSnapshot(Pool pool, String volume, String snapshot) {
        qemuImg.applySnapshot(requireSnapshot(pool, volume, snapshot), snapshot);
    }

    @Override
    public List<String> snapshots(Pool pool, String volume) {
        return qemuImg.snapshots(requireFile(pool, volume));
    }

    /** A full, standalone copy ({@code qemu-img convert}); qcow2 files have no cheap copy-on-write clone. */
    @Override
    public BlockDevice cloneVolume(Pool pool, String source, String snapshot, String target) {
        Path from = snapshot == null ? requireFile(pool, source) : requireSnapshot(pool, source, snapshot);
        Path file = requireAbsent(pool, target);
        AtomicFiles.create(file, tmp -> qemuImg.convertSnapshot(from, snapshot, tmp, Progress.NONE));
        return new BlockDevice(file, BlockDevice.QCOW2, false);
    }

    @Override
    public long size(Pool pool, String volume) {
        return qemuImg.info(requireFile(pool, volume)).virtualSize();
    }

    @Override
    public long allocated(Pool pool, String volume) {
        return qemuImg.info(requireFile(pool, volume)).actualSize();
    }

    private static Path file(Pool pool, String volume) {
        return Path.of(pool.source()).resolve(volume + SUFFIX);
    }

    private static Path requireFile(Pool pool, String volume) {
        Path file = file(pool, volume);
        if (!Files.isRegularFile(file)) {
            throw VireoException.notFound("volume " + volume + " in pool " + pool.name());
        }
        return file;
    }

    private static Path requireAbsent(Pool pool, String volume) {
        Path file = file(pool, volume);
        if (Files.exists(file)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "volume " + volume + " already exists in pool " + pool.name());
        }
        return file;
    }

    private Path requireSnapshot(Pool pool, String volume, String snapshot) {
        Path file = requireFile(pool, volume);
        if (!qemuImg.snapshots(file).contains(snapshot)) {
            throw VireoException.notFound("snapshot " + snapshot + " of volume " + volume);
        }
        return file;
    }

    /** A volume file, not a hidden temporary one that a create is writing. */
    private static boolean isVolumeFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) && !name.startsWith(".") && Files.isRegularFile(file);
    }

    private static List<String> leftovers(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            return names.size() <= 5 ? names : Stream.concat(names.stream().limit(5), Stream.of("...")).toList();
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
    }
}
