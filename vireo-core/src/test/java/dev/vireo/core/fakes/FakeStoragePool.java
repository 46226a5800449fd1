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
    private final Map<Path, Path> backing = new ConcurrentHashMap<>();
    private final java.util.List<String> rebases = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        backing.put(target.toAbsolutePath().normalize(), image.disk().toAbsolutePath().normalize());
    }

    @Override
    public void createOverlay(Path base, Path target) {
        write(target, "overlay of " + base + "\n");
        sizes.put(target, virtualSize(base));
        backing.put(target.toAbsolutePath().normalize(), base.toAbsolutePath().normalize());
    }

    @Override
    public void createDisk(Path target, long sizeBytes, Path base) {
        write(target, base == null ? "empty disk\n" : "overlay of " + base + "\n");
        sizes.put(target, sizeBytes);
        if (base != null) {
            backing.put(target.toAbsolutePath().normalize(), base.toAbsolutePath().normalize());
        }
    }

    @Override
    public void flatten(Path top, Path target, dev.vireo.core.op.Progress progress) {
        write(target, "flat copy of " + top + "\n");
        sizes.put(target, virtualSize(top));
    }

    @Override
    public void rebase(Path child, Path newBase) {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        rebases.add(child.getFileName() + " onto " + (newBase == null ? "nothing" : newBase.getFileName()));
        if (newBase == null) {
            backing.remove(child.toAbsolutePath().normalize());
        } else {
            backing.put(child.toAbsolutePath().normalize(), newBase.toAbsolutePath().normalize());
        }
    }

    @Override
    public Path backingOf(Path layer) {
        return backing.get(layer.toAbsolutePath().normalize());
    }

    @Override
    public long allocatedSize(Path disk) {
        try {
            return Files.size(disk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes a layer's backing file as a hypervisor's block job would, without a rebase. */
    public void relink(Path child, Path newBase) {
        if (newBase == null) {
            backing.remove(child.toAbsolutePath().normalize());
        } else {
            backing.put(child.toAbsolutePath().normalize(), newBase.toAbsolutePath().normalize());
        }
    }

    /** "child onto base" for each rebase, in order. */
    public java.util.List<String> rebases() {
        return java.util.List.copyOf(rebases);
    }

    private void write(Path target, String text) {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        try {
            Files.writeString(target, text, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    @Override
    public long virtualSize(Path disk) {
        Long size = sizes.get(disk);
        if (size == null) {
            size = sizes.entrySet().stream().filter(e -> e.getKey().toAbsolutePath().normalize()
                    .equals(disk.toAbsolutePath().normalize())).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (size == null && Files.isRegularFile(disk)) {
            // a disk made outside the pool (an appliance's converted disk): its file size stands in
            size = allocatedSize(disk);
        }
        if (size == null) {
            throw new UncheckedIOException(new IOException("no such disk " + disk));
        }
        return size;
    }

    /** Makes later disk creation and rebases throw {@code e}; null to succeed again. */
    public FakeStoragePool failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    /** Disks created so far with their virtual sizes. */
    public Map<Path, Long> disks() {
        return Map.copyOf(sizes);
    }
}
