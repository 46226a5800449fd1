package dev.vireo.core.fakes;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.volume.BlockDevice;
import dev.vireo.core.volume.Pool;
import dev.vireo.core.volume.PoolDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PoolDriver whose volumes are map entries: "content" is a string that snapshots, restores and
 * clones carry along, so tests can see which data a volume holds. {@code raw} makes its devices
 * raw block devices (as lvm-thin's), else qcow2 files (as dir's). Records every call.
 */
public final class FakePoolDriver implements PoolDriver {
    private final String name;
    private final boolean raw;
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final Map<String, String> contents = new ConcurrentHashMap<>();
    private final Map<String, String> snapshots = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public FakePoolDriver(String name, boolean raw) {
        this.name = name;
        this.raw = raw;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String create(String pool, String source) {
        calls.add("create " + pool);
        if (source != null && source.contains("missing")) {
            throw VireoException.invalid("volume group " + source + " not found");
        }
        return source;
    }

    @Override
    public void delete(Pool pool) {
        calls.add("delete " + pool.name());
    }

    @Override
    public PoolUsage usage(Pool pool) {
        long used = sizes.entrySet().stream().filter(e -> e.getKey().startsWith(pool.name() + "/"))
                .mapToLong(Map.Entry::getValue).sum();
        return new PoolUsage(100L << 30, used);
    }

    @Override
    public BlockDevice createVolume(Pool pool, String volume, long sizeBytes) {
        calls.add("createVolume " + volume);
        if (sizes.putIfAbsent(key(pool, volume), sizeBytes) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "volume " + volume + " exists in the pool");
        }
        contents.put(key(pool, volume), "");
        return device(pool, volume);
    }

    @Override
    public BlockDevice device(Pool pool, String volume) {
        return raw ? new BlockDevice(Path.of("/dev", pool.source(), "vv_" + volume), BlockDevice.RAW, true)
                : new BlockDevice(Path.of(pool.source(), volume + ".qcow2"), BlockDevice.QCOW2, false);
    }

    @Override
    public void deleteVolume(Pool pool, String volume) {
        calls.add("deleteVolume " + volume);
        sizes.remove(key(pool, volume));
        contents.remove(key(pool, volume));
        snapshots.keySet().removeIf(k -> k.startsWith(key(pool, volume) + "@"));
    }

    @Override
    public void resizeVolume(Pool pool, String volume, long sizeBytes) {
        calls.add("resizeVolume " + volume + " " + sizeBytes);
        sizes.put(key(pool, volume), sizeBytes);
    }

    @Override
    public void createSnapshot(Pool pool, String volume, String snapshot) {
        calls.add("createSnapshot " + volume + "@" + snapshot);
        snapshots.put(key(pool, volume) + "@" + snapshot, contents.get(key(pool, volume)));
    }

    @Override
    public void deleteSnapshot(Pool pool, String volume, String snapshot) {
        calls.add("deleteSnapshot " + volume + "@" + snapshot);
        snapshots.remove(key(pool, volume) + "@" + snapshot);
    }

    @Override
    public void restoreSnapshot(Pool pool, String volume, String snapshot) {
        calls.add("restoreSnapshot " + volume + "@" + snapshot);
        contents.put(key(pool, volume), snapshots.get(key(pool, volume) + "@" + snapshot));
    }

    @Override
    public List<String> snapshots(Pool pool, String volume) {
        List<String> out = new ArrayList<>();
        snapshots.keySet().stream().filter(k -> k.startsWith(key(pool, volume) + "@"))
                .forEach(k -> out.add(k.substring(k.indexOf('@') + 1)));
        return out;
    }

    @Override
    public BlockDevice cloneVolume(Pool pool, String source, String snapshot, String target) {
        calls.add("cloneVolume " + source + (snapshot == null ? "" : "@" + snapshot) + " " + target);
        sizes.put(key(pool, target), sizes.get(key(pool, source)));
        contents.put(key(pool, target), snapshot == null ? contents.get(key(pool, source))
                : snapshots.get(key(pool, source) + "@" + snapshot));
        return device(pool, target);
    }

    @Override
    public long size(Pool pool, String volume) {
        Long size = sizes.get(key(pool, volume));
        if (size == null) {
            throw VireoException.notFound("volume " + volume + " in pool " + pool.name());
        }
        return size;
    }

    @Override
    public long allocated(Pool pool, String volume) {
        return contents.getOrDefault(key(pool, volume), "").length();
    }

    /** What the fake volume holds now. */
    public String content(String pool, String volume) {
        return contents.get(pool + "/" + volume);
    }

    public void write(String pool, String volume, String content) {
        contents.put(pool + "/" + volume, content);
    }

    public boolean has(String pool, String volume) {
        return sizes.containsKey(pool + "/" + volume);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    private static String key(Pool pool, String volume) {
        return pool.name() + "/" + volume;
    }
}
