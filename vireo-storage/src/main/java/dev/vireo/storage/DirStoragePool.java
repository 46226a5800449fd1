package dev.vireo.storage;

import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import dev.vireo.core.storage.StoragePool;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
        AtomicFiles.create(target, tmp -> qemuImg.createOverlay(image.disk().toAbsolutePath(), base.format(), tmp, sizeBytes));
    }

    @Override
    public void createOverlay(Path base, Path target) {
        // layers are always qcow2, and qemu-img takes the size from the backing file: one process, O(1)
        AtomicFiles.create(target, tmp -> qemuImg.createOverlay(base.toAbsolutePath(), "qcow2", tmp));
    }

    @Override
    public void createDisk(Path target, long sizeBytes, Path backing) {
        Path dir = target.toAbsolutePath().getParent();
        AtomicFiles.create(target, tmp -> {
            if (backing == null) {
                qemuImg.create(tmp, "qcow2", sizeBytes);
            } else {
                qemuImg.createOverlayNamed(dir.relativize(backing.toAbsolutePath()).toString(), tmp, sizeBytes);
            }
        });
    }

    @Override
    public void flatten(Path top, Path target, Progress progress) {
        AtomicFiles.create(target, tmp -> qemuImg.convert(top, "qcow2", tmp, "qcow2", List.of(), true, progress));
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
}
