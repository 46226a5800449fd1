package dev.vireo.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code qemu-img info} says about a disk file. {@code backingFilename}, {@code backingFormat}
 * and {@code dataFile} are null when absent; {@code corrupt} is qcow2's corrupt bit.
 */
public record ImageInfo(
        Path file,
        String format,
        long virtualSize,
        long actualSize,
        String backingFilename,
        String backingFormat,
        String dataFile,
        boolean dirty,
        boolean corrupt) {

    public ImageInfo {
        Objects.requireNonNull(file);
        Objects.requireNonNull(format);
        if (virtualSize < 0) {
            throw new IllegalArgumentException("negative virtual size " + virtualSize);
        }
    }

    /** True when reading this disk needs another file (a backing image or an external data file). */
    public boolean dependsOnOtherFiles() {
        return backingFilename != null || dataFile != null;
    }
}
