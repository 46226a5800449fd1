package dev.vireo.core.instance;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.InstanceDriver;
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
 * removed; one that still backs others is first merged into them: a safe {@code qemu-img rebase}
 * when the guest is stopped, a QEMU block-stream job while it runs (QEMU holds the chain open).
 * A snapshot layer that linked clones build on is never rewritten. Callers hold the instance's lock.
 */
final class Layers {
    private static final Logger LOG = LoggerFactory.getLogger(Layers.class);

    private final StateStore state;
    private final StoragePool pool;
    private final InstanceDriver driver;
    private final Function<String, InstancePaths> paths;

    Layers(StateStore state, StoragePool pool, InstanceDriver driver, Function<String, InstancePaths> paths) {
        this.state = state;
        this.pool = pool;
        this.driver = driver;
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
        List<String> retired = backing.keySet().stream().filter(l -> !kept.contains(l)).sorted().toList();
        // leaves first: merging data into a layer that is about to go is wasted work
        for (String layer : retired) {
            if (children(p, layer, backing).isEmpty()) {
                delete(instance, p.file(layer));
                return true;
            }
        }
        for (String layer : retired) {
            List<String> children = children(p, layer, backing);
            if (children.stream().anyMatch(pinned::contains)) {
                continue;
            }
            for (String child : children) {
                if (running) {
                    // QEMU holds the chain open: it copies the data itself, while the guest runs
                    driver.streamInto(instance, p, p.file(child).toAbsolutePath(), backing.get(layer));
                } else {
                    pool.rebase(p.file(child), backing.get(layer));
                }
            }
            delete(instance, p.file(layer));
            return true;
        }
        return false;
    }

    private static List<String> children(InstancePaths p, String layer, Map<String, Path> backing) {
        Path file = p.file(layer).toAbsolutePath().normalize();
        return backing.entrySet().stream().filter(e -> file.equals(e.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
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
