package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import dev.vireo.core.storage.StoragePool;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Instance disks as files: the root disk is a qcow2 overlay whose backing file is the image's
 * disk by absolute path, so it stays valid whatever the daemon's working directory is.
 */
public final class DirStoragePool implements StoragePool {
    private final QemuImg qemuImg;

    public DirStoragePool() {
        this(new QemuImg());
    }

    public DirStoragePool(QemuImg qemuImg) {
        this.qemuImg = Objects.requireNonNull(qemuImg);
    }

    @Override
    public void createRootDisk(Image image, Path target, long sizeBytes) {
        ImageInfo base = qemuImg.info(image.disk());
        if (sizeBytes < base.virtualSize()) {
            throw VireoException.invalid("disk " + Sizes.format(sizeBytes) + " is smaller than image " + image.alias()
                    + " (" + Sizes.format(base.virtualSize()) + ")");
        }
        // unlike rename, the link into place never replaces a disk made meanwhile
        atomically(target, tmp -> qemuImg.createOverlay(image.disk().toAbsolutePath(), base.format(), tmp, sizeBytes));
    }

    @Override
    public void createOverlay(Path base, Path target) {
        // layers are always qcow2, and qemu-img takes the size from the backing file: one process, O(1)
        atomically(target, tmp -> qemuImg.createOverlay(base.toAbsolutePath(), "qcow2", tmp));
    }

    @Override
    public void createDisk(Path target, long sizeBytes, Path backing) {
        Path dir = target.toAbsolutePath().getParent();
        atomically(target, tmp -> {
            if (backing == null) {
                qemuImg.create(tmp, "qcow2", sizeBytes);
            } else {
                qemuImg.createOverlayNamed(dir.relativize(backing.toAbsolutePath()).toString(), tmp, sizeBytes);
            }
        });
    }

    @Override
    public void flatten(Path top, Path target, Progress progress) {
        atomically(target, tmp -> qemuImg.convert(top, "qcow2", tmp, "qcow2", List.of(), true, progress));
    }

    @Override
    public void rebase(Path child, Path newBase) {
        qemuImg.rebase(child, newBase);
    }

    @Override
    public Path backingOf(Path layer) {
        String backing = qemuImg.info(layer).backingFilename();
        return backing == null ? null : layer.toAbsolutePath().getParent().resolve(backing);
    }

    @Override
    public long virtualSize(Path disk) {
        return qemuImg.info(disk).virtualSize();
    }

    @Override
    public long allocatedSize(Path disk) {
        return qemuImg.info(disk).actualSize();
    }

    /** Makes {@code target} under a hidden temporary name and links it into place: whole or absent. */
    private static void atomically(Path target, java.util.function.Consumer<Path> make) {
        Path disk = target.toAbsolutePath();
        if (Files.exists(disk)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        }
        Path tmp = disk.resolveSibling("." + disk.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            make.accept(tmp);
            Files.createLink(disk, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create disk " + disk + ": " + e.getMessage(), e);
        } finally {
            deleteIfExists(tmp);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: the name is unique and hidden
        }
    }
}
