package dev.vireo.core.instance;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.SnapshotView;
import dev.vireo.api.VireoException;
import dev.vireo.core.op.Progress;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as external qcow2 layers: taking one freezes the disk's top layer and puts a new,
 * empty overlay on it (QMP {@code blockdev-snapshot-sync} while the guest runs, qemu-img when it
 * is stopped). With memory, the guest is paused, its RAM and device state saved by a migration
 * to a file, and resumed. Restoring puts a fresh overlay on the snapshot's layer and, for a
 * memory snapshot, starts QEMU from the saved state.
 */
public final class SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    private final InstanceService instances;
    private final InstanceRunner runner;
    private final Layers layers;
    private final Clock clock;

    SnapshotService(InstanceService instances, InstanceRunner runner, Layers layers, Clock clock) {
        this.instances = instances;
        this.runner = runner;
        this.layers = layers;
        this.clock = clock;
    }

    public List<SnapshotView> list(String instance) {
        instances.get(instance);
        return instances.state().listSnapshots(instance).stream().map(this::view).toList();
    }

    public SnapshotView get(String instance, String name) {
        return view(find(instance, name));
    }

    public OperationView create(String instance, SnapshotRequest req) {
        String name = Names.snapshot(req == null ? null : req.name());
        boolean memory = req.memory() != null && req.memory();
        checkCreate(instances.get(instance), name, memory);
        return instances.operations().submit("snapshot " + instance + " " + name,
                Map.of("instance", instance, "snapshot", name), progress -> {
                    try (InstanceLocks.Held held = instances.locks().lock(instance)) {
                        Instance current = instances.get(instance);
                        checkCreate(current, name, memory);
                        take(current, name, memory, progress);
                    }
                });
    }

    private void checkCreate(Instance instance, String name, boolean memory) {
        refuseExisting(instance.name(), name);
        InstanceStatus status = instance.status();
        boolean up = status == InstanceStatus.RUNNING || status == InstanceStatus.PAUSED;
        if (!up && status != InstanceStatus.STOPPED) {
            throw Lifecycle.refused(instance.name(), status, "take a snapshot");
        }
        if (memory && !up) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + instance.name() + " is stopped: a"
                    + " memory snapshot needs a running guest (take a disk snapshot without --memory)");
        }
    }

    private void refuseExisting(String instance, String name) {
        if (instances.state().findSnapshot(instance, name).isPresent()) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + name + " of " + instance
                    + " already exists");
        }
    }

    /** Takes the snapshot; the caller holds the instance's lock and has checked its state. */
    Snapshot take(Instance current, String name, boolean memory, Progress progress) {
        // before the disk changes: a running guest's new top layer could not be taken back
        refuseExisting(current.name(), name);
        InstancePaths p = runner.paths(current.name());
        String newTop = Layers.newLayerName();
        Path newTopFile = p.file(newTop).toAbsolutePath();
        boolean up = current.status() != InstanceStatus.STOPPED;
        String memoryState = null;
        try (Reverter reverter = new Reverter()) {
            // once QEMU writes to the new top layer it must stay, even if recording fails
            if (memory) {
                Path stateFile = p.memoryState(name);
                Files2.createDirectories(stateFile.getParent());
                reverter.add(() -> deleteQuietly(stateFile));
                progress.update(-1, "saving memory");
                instances.driver().snapshotWithMemory(current, p, newTopFile, stateFile);
                memoryState = p.dir().relativize(stateFile).toString();
            } else if (up) {
                long ms = instances.driver().snapshotDisk(current, p, newTopFile);
                LOG.info("instance {}: live disk snapshot {} took {} ms", current.name(), name, ms);
            } else {
                reverter.add(() -> deleteQuietly(newTopFile));
                instances.pool().createOverlay(p.file(current.rootDisk()).toAbsolutePath(), newTopFile);
            }
            Snapshot snapshot = new Snapshot(current.name(), name, current.rootDisk(), memoryState,
                    memory ? hardware(current) : null, up, clock.instant());
            Instance updated = current.withRootDisk(newTop);
            instances.state().recordSnapshot(snapshot, updated);
            reverter.success();
            instances.events().publish("snapshot-created", current.name(), name, memory ? "with memory" : null);
            return snapshot;
        }
    }

    public OperationView restore(String instance, String name) {
        Snapshot snapshot = find(instance, name);
        checkRestore(instances.get(instance), snapshot);
        return instances.operations().submit("restore " + instance + " " + name,
                Map.of("instance", instance, "snapshot", name), progress -> {
                    try (InstanceLocks.Held held = instances.locks().lock(instance)) {
                        Instance current = instances.get(instance);
                        Snapshot s = find(instance, name);
                        checkRestore(current, s);
                        restore(current, s, progress);
                    }
                });
    }

    private void checkRestore(Instance instance, Snapshot snapshot) {
        InstanceStatus status = instance.status();
        if (status == InstanceStatus.STARTING || status == InstanceStatus.STOPPING) {
            throw Lifecycle.refused(instance.name(), status, "restore a snapshot");
        }
        if (snapshot.withMemory() && !hardware(instance).equals(snapshot.hardware())) {
            throw new VireoException(ErrorCode.INVALID_STATE, "snapshot " + snapshot.name() + " holds memory of "
                    + snapshot.hardware() + " but instance " + instance.name() + " now has " + hardware(instance)
                    + "; its memory cannot be restored");
        }
    }

    private void restore(Instance current, Snapshot snapshot, Progress progress) {
        InstancePaths p = runner.paths(current.name());
        boolean wasUp = current.status() != InstanceStatus.STOPPED && current.status() != InstanceStatus.ERROR;
        Instance stopped = current;
        if (current.status() != InstanceStatus.STOPPED) {
            progress.update(-1, "stopping");
            stopped = runner.stop(current, Duration.ZERO, true);
        }
        String newTop = Layers.newLayerName();
        instances.pool().createOverlay(p.file(snapshot.disk()).toAbsolutePath(), p.file(newTop).toAbsolutePath());
        Instance restored = runner.record(stopped, stopped.withRootDisk(newTop));
        layers.compact(restored);
        instances.events().publish("snapshot-restored", current.name(), snapshot.name(), null);
        if (snapshot.withMemory()) {
            progress.update(-1, "resuming from saved memory");
            runner.start(restored, p.file(snapshot.memoryState()), progress);
        } else if (wasUp) {
            progress.update(-1, "starting");
            runner.start(restored, null, progress);
        }
    }

    public OperationView delete(String instance, String name) {
        checkDelete(find(instance, name));
        return instances.operations().submit("delete snapshot " + instance + " " + name,
                Map.of("instance", instance, "snapshot", name), progress -> {
                    try (InstanceLocks.Held held = instances.locks().lock(instance)) {
                        delete(find(instance, name));
                    }
                });
    }

    /** Deletes the snapshot; the caller holds the instance's lock. */
    void delete(Snapshot snapshot) {
        checkDelete(snapshot);
        instances.state().deleteSnapshot(snapshot.instance(), snapshot.name());
        if (snapshot.memoryState() != null) {
            deleteQuietly(runner.paths(snapshot.instance()).file(snapshot.memoryState()));
        }
        layers.compact(instances.get(snapshot.instance()));
        instances.events().publish("snapshot-deleted", snapshot.instance(), snapshot.name(), null);
    }

    private void checkDelete(Snapshot snapshot) {
        List<String> clones = instances.linkedClonesOf(snapshot.instance(), snapshot.name());
        if (!clones.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "snapshot " + snapshot.name() + " of "
                    + snapshot.instance() + " is used by linked clone" + (clones.size() > 1 ? "s " : " ")
                    + String.join(", ", clones) + "; delete " + (clones.size() > 1 ? "them" : "it") + " first");
        }
    }

    Snapshot find(String instance, String name) {
        instances.get(instance);
        return instances.state().findSnapshot(instance, name).orElseThrow(
                () -> VireoException.notFound("snapshot " + name + " of instance " + instance));
    }

    /** What saved memory fits: a restore onto other hardware would crash the guest. */
    static String hardware(Instance instance) {
        InstanceSpec s = instance.spec();
        return "cpus=" + s.cpus() + " memory=" + s.memoryBytes() + " mac=" + s.macAddress() + " boot="
                + (instance.profile() == null || instance.profile().kernel() == null ? "firmware" : "kernel");
    }

    private SnapshotView view(Snapshot s) {
        InstancePaths p = runner.paths(s.instance());
        long size = instances.pool().allocatedSize(p.file(s.disk()))
                + (s.memoryState() == null ? 0 : Files2.sizeOf(p.file(s.memoryState())));
        return new SnapshotView(s.name(), s.instance(), s.withMemory(), s.live(), size,
                instances.linkedClonesOf(s.instance(), s.name()), s.createdAt());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
        }
    }
}
