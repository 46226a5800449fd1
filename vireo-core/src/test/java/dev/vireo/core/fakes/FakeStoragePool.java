package dev.vireo.core.fakes;

import dev.vireo.core.image.Image;
import dev.vireo.core.storage.StoragePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** StoragePool writing a one-line text file per disk and remembering the virtual size asked for. */
public final class FakeStoragePool implements StoragePool {
    private final Map<Path, Long> sizes = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    @Override
    public void createRootDisk(Image image, Path target, long sizeBytes) {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        try {
            Files.writeString(target, "overlay of " + image.disk() + " size " + sizeBytes + "\n");
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        sizes.put(target, sizeBytes);
    }

    @Override
    public long virtualSize(Path disk) {
        Long size = sizes.get(disk);
        if (size == null) {
            throw new UncheckedIOException(new IOException("no such disk " + disk));
        }
        return size;
    }

    /** Makes later disk creation throw {@code e}; null to succeed again. */
    public FakeStoragePool failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    /** Disks created so far with their virtual sizes. */
    public Map<Path, Long> disks() {
        return Map.copyOf(sizes);
    }
}
