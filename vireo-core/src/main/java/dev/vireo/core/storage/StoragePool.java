package dev.vireo.core.storage;

import dev.vireo.core.image.Image;
import java.nio.file.Path;

/** SPI: instance disks. The root disk is a copy-on-write overlay on the image, grown to the size asked. */
public interface StoragePool {
    /** Creates {@code target} as an overlay of the image's disk with the given virtual size (>= the image's). */
    void createRootDisk(Image image, Path target, long sizeBytes);

    /** Virtual size in bytes of a disk file. */
    long virtualSize(Path disk);
}
