package dev.vireo.core.instance;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.storage.StoragePool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The qcow2 layers of instances' root disks. A layer is kept while it is the top layer, a
 * snapshot's layer, or the backing file of a kept layer. A layer nothing needs any more is
 * removed; one that still backs others is merged into them (a safe rebase) when the guest is
 * stopped, and left for the next stop while it runs, since QEMU holds the chain open. A snapshot
 * layer that linked clones build on is never rewritten. Callers hold the instance's lock.
 */
final class Layers {
    private static final Logger LOG = LoggerFactory.getLogger(Layers.class);

    private final StateStore state;
    private final StoragePool pool;
    private final Function<String, InstancePaths> paths;

    Layers(StateStore state, StoragePool pool, Function<String, InstancePaths> paths) {
        this.state = state;
        this.pool = pool;
        this.paths = paths;
    }

    /** A new, unused layer file name. */
    static String newLayerName() {
        return "layer-" + UUID.randomUUID().toString().substring(0, 8) + ".qcow2";
    }

    /** Removes or merges the layers {@code instance} no longer needs; returns the instance unchanged. */
    Instance compact(Instance instance) {
        try {
            while (compactOnce(instance)) {
                // each pass may free the layer below the one it removed
            }
        } catch (RuntimeException e) {
            // the disk the guest sees is whole either way; only space is not yet reclaimed
            LOG.warn("instance {}: cannot compact disk layers: {}", instance.name(), e.toString());
        }
        return instance;
    }

    private boolean compactOnce(Instance instance) {
        InstancePaths p = paths.apply(instance.name());
        List<Snapshot> snapshots = state.listSnapshots(instance.name());
        Set<String> kept = new HashSet<>();
        kept.add(instance.rootDisk());
        snapshots.forEach(s -> kept.add(s.disk()));
        Set<String> pinned = pinnedLayers(instance.name(), snapshots);
        Map<String, Path> backing = new HashMap<>();
        for (String layer : layerFiles(p)) {
            Path base = pool.backingOf(p.file(layer));
            backing.put(layer, base == null ? null : base.toAbsolutePath().normalize());
        }
        boolean running = instance.status() != InstanceStatus.STOPPED && instance.status() != InstanceStatus.ERROR;
        for (String layer : backing.keySet()) {
            if (kept.contains(layer)) {
                continue;
            }
            Path file = p.file(layer).toAbsolutePath().normalize();
            List<String> children = backing.entrySet().stream()
                    .filter(e -> file.equals(e.getValue())).map(Map.Entry::getKey).toList();
            if (children.isEmpty()) {
                delete(instance, file);
                return true;
            }
            if (!running && children.stream().noneMatch(pinned::contains)) {
                for (String child : children) {
                    pool.rebase(p.file(child), backing.get(layer));
                }
                delete(instance, file);
                return true;
            }
        }
        return false;
    }

    /** Snapshot layers some linked clone reads through: their content must never change. */
    private Set<String> pinnedLayers(String instance, List<Snapshot> snapshots) {
        Set<String> cloned = new HashSet<>();
        state.listInstances().stream().filter(i -> i.origin() != null && i.origin().instance().equals(instance))
                .forEach(i -> cloned.add(i.origin().snapshot()));
        Set<String> pinned = new HashSet<>();
        snapshots.stream().filter(s -> cloned.contains(s.name())).forEach(s -> pinned.add(s.disk()));
        return pinned;
    }

    private static List<String> layerFiles(InstancePaths p) {
        if (!Files.isDirectory(p.dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(p.dir())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".qcow2") && !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p.dir(), e);
        }
    }

    private static void delete(Instance instance, Path file) {
        try {
            Files.deleteIfExists(file);
            LOG.info("instance {}: removed disk layer {}", instance.name(), file.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
