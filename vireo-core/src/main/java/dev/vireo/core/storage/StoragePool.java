package dev.vireo.core.storage;

import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import java.nio.file.Path;

/**
 * SPI: instance disks as chains of qcow2 layers. The root disk starts as a copy-on-write overlay
 * on the image, grown to the size asked; snapshots freeze the top layer and put a new overlay on
 * it. Backing files are recorded by absolute path. Every method makes its target whole or not at all.
 */
public interface StoragePool {
    /** Creates {@code target} as an overlay of the image's disk with the given virtual size (>= the image's). */
    void createRootDisk(Image image, Path target, long sizeBytes);

    /** Creates {@code target}, an empty overlay on the layer {@code base}, with the same virtual size. */
    void createOverlay(Path base, Path target);

    /**
     * Creates {@code target}, an empty qcow2 of {@code sizeBytes}; with {@code backing} (a qcow2
     * beside it or below) an overlay that records its backing file relative to itself, so a
     * directory of such files can be moved as a whole.
     */
    void createDisk(Path target, long sizeBytes, Path backing);

    /** Copies the disk whose top layer is {@code top} (read as one disk) into a standalone qcow2 {@code target}. */
    void flatten(Path top, Path target, Progress progress);

    /**
     * Makes {@code child} read through {@code newBase} (null: stand alone) instead of its current
     * backing file, first copying into it whatever differs, so the disk it shows is unchanged.
     */
    void rebase(Path child, Path newBase);

    /** The backing file of a layer, or null when it stands alone. */
    Path backingOf(Path layer);

    /** Virtual size in bytes of a disk file. */
    long virtualSize(Path disk);

    /** Bytes the file takes on the host. */
    long allocatedSize(Path disk);
}
