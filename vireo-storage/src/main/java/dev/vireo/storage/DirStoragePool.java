package dev.vireo.storage;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.storage.StoragePool;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path disk = target.toAbsolutePath();
        if (Files.exists(disk)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        }
        // made under a temporary name and renamed, so a failure never leaves a half-made disk
        Path tmp = disk.resolveSibling("." + disk.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            qemuImg.createOverlay(image.disk().toAbsolutePath(), base.format(), tmp, sizeBytes);
            Files.createLink(disk, tmp); // unlike rename, a link never replaces a disk made meanwhile
        } catch (FileAlreadyExistsException e) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "disk " + disk + " already exists");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot create disk " + disk + ": " + e.getMessage(), e);
        } finally {
            deleteIfExists(tmp);
        }
    }

    @Override
    public long virtualSize(Path disk) {
        return qemuImg.info(disk).virtualSize();
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: the name is unique and hidden
        }
    }
}
