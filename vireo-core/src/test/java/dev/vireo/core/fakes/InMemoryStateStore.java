package dev.vireo.core.fakes;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.image.Image;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** StateStore in memory with the SPI's semantics: duplicate names are ALREADY_EXISTS, updating a missing row NOT_FOUND. */
public final class InMemoryStateStore implements StateStore {
    private final ConcurrentSkipListMap<String, Instance> instances = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Image> images = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, Snapshot> snapshots = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    @Override
    public void insertInstance(Instance instance) {
        open();
        if (instances.putIfAbsent(instance.name(), instance) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "instance " + instance.name() + " already exists");
        }
    }

    @Override
    public void updateInstance(Instance instance) {
        open();
        if (instances.replace(instance.name(), instance) == null) {
            throw VireoException.notFound("instance " + instance.name());
        }
    }

    @Override
    public Optional<Instance> findInstance(String name) {
        open();
        return Optional.ofNullable(instances.get(name));
    }

    @Override
    public List<Instance> listInstances() {
        open();
        return List.copyOf(instances.values());
    }

    @Override
    public synchronized boolean deleteInstance(String name) {
        open();
        snapshots.keySet().removeIf(k -> k.startsWith(name + "/"));
        return instances.remove(name) != null;
    }

    @Override
    public synchronized void insertSnapshot(Snapshot s) {
        open();
        if (snapshots.putIfAbsent(s.instance() + "/" + s.name(), s) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + s.name() + " of " + s.instance()
                    + " already exists");
        }
    }

    @Override
    public synchronized void recordSnapshot(Snapshot s, Instance updated) {
        Instance before = findInstance(updated.name()).orElseThrow(() -> VireoException.notFound("instance "
                + updated.name()));
        insertSnapshot(s);
        instances.put(updated.name(), before.withRootDisk(updated.rootDisk()));
    }

    @Override
    public Optional<Snapshot> findSnapshot(String instance, String name) {
        open();
        return Optional.ofNullable(snapshots.get(instance + "/" + name));
    }

    @Override
    public List<Snapshot> listSnapshots(String instance) {
        open();
        return snapshots.values().stream().filter(s -> s.instance().equals(instance))
                .sorted(java.util.Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::name)).toList();
    }

    @Override
    public boolean deleteSnapshot(String instance, String name) {
        open();
        return snapshots.remove(instance + "/" + name) != null;
    }

    @Override
    public void insertImage(Image image) {
        open();
        if (images.putIfAbsent(image.alias(), image) != null) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "image " + image.alias() + " already exists");
        }
    }

    @Override
    public Optional<Image> findImage(String alias) {
        open();
        return Optional.ofNullable(images.get(alias));
    }

    @Override
    public List<Image> listImages() {
        open();
        return List.copyOf(images.values());
    }

    @Override
    public boolean deleteImage(String alias) {
        open();
        return images.remove(alias) != null;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("state store is closed");
        }
    }
}
