package dev.vireo.core.instance;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.VireoException;
import dev.vireo.core.guest.GuestEdit;
import dev.vireo.core.guest.GuestEditor;
import dev.vireo.core.image.Image;
import dev.vireo.core.op.Progress;
import dev.vireo.core.snapshot.Snapshot;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Copies of instances. A clone is a new stopped instance with a fresh identity (UUID, SMBIOS
 * UUID, MAC, cloud-init instance-id; machine-id, SSH host keys and hostname rewritten in the
 * guest before its first start): linked (a qcow2 overlay on a snapshot's layer, O(1)) or full
 * (a standalone copy). A published image is a standalone copy cleaned like virt-sysprep; its
 * instances get fresh identities too. A running source is always read from a snapshot, never
 * from a disk QEMU is writing.
 */
public final class CloneService {
    private static final Set<InstanceStatus> COPYABLE = EnumSet.of(InstanceStatus.STOPPED, InstanceStatus.RUNNING,
            InstanceStatus.PAUSED);

    private final InstanceService instances;
    private final InstanceRunner runner;
    private final GuestEditor guests;

    CloneService(InstanceService instances, InstanceRunner runner, GuestEditor guests) {
        this.instances = instances;
        this.runner = runner;
        this.guests = guests;
    }

    public OperationView clone(String source, CloneRequest req) {
        Instance src = instances.get(source);
        String target = Names.instance(req == null ? null : req.target());
        boolean linked = linked(req.mode());
        if (src.profile() == null || !COPYABLE.contains(src.status())) {
            throw Lifecycle.refused(source, src.status(), "be cloned" + (src.profile() == null
                    ? " while it is being created" : ""));
        }
        if (req.snapshot() != null) {
            instances.snapshots().find(source, req.snapshot());
        } else if (linked) {
            String auto = Names.snapshot(autoSnapshotName(target));
            if (instances.state().findSnapshot(source, auto).isPresent()) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + auto + " of " + source
                        + " already exists; delete it or clone from it (--snapshot " + auto + ")");
            }
        }
        Instance reserved = instances.reserve(target, src.image(), withNewMac(src.spec()), "cloning from " + source);
        return instances.submitForReserved(reserved, "clone " + source + " " + target,
                progress -> cloneInto(source, req.snapshot(), linked, reserved, progress));
    }

    private static boolean linked(String mode) {
        if (mode == null || mode.equals("full")) {
            return false;
        }
        if (mode.equals("linked")) {
            return true;
        }
        throw VireoException.invalid("invalid clone mode '" + mode + "': use full or linked");
    }

    /** The snapshot a linked clone of the source's current state builds on; shown in snapshot list. */
    static String autoSnapshotName(String target) {
        return "for-" + target;
    }

    private void cloneInto(String source, String snapshotName, boolean linked, Instance reserved, Progress progress) {
        try (InstanceLocks.Held src = instances.locks().lock(source);
                InstanceLocks.Held dst = instances.locks().lock(reserved.name());
                Reverter reverter = new Reverter()) {
            reverter.add(instances.unreserve(reserved, "clone failed"));
            instances.giveNics(reserved, instances.networks().sameNetworksAs(source), reverter);
            Instance current = instances.get(source);
            InstancePaths from = runner.paths(source);
            InstancePaths to = runner.paths(reserved.name());
            Files2.createDirectories(to.dir());
            reverter.add(() -> Files2.deleteTree(to.dir()));
            Path rootDisk = to.file(InstancePaths.FIRST_LAYER).toAbsolutePath();
            Instance.Origin origin = null;
            String fingerprint = current.imageFingerprint();
            GuestProfile profile = current.profile();
            if (linked) {
                Snapshot s = snapshotName != null ? instances.snapshots().find(source, snapshotName)
                        : instances.snapshots().take(current, autoSnapshotName(reserved.name()), false, progress);
                if (snapshotName == null) {
                    reverter.add(() -> instances.snapshots().delete(s));
                }
                instances.pool().createOverlay(from.file(s.disk()).toAbsolutePath(), rootDisk);
                origin = new Instance.Origin(source, s.name());
            } else {
                try (ConsistentLayer layer = consistentLayer(current, snapshotName, progress)) {
                    progress.update(0, "copying disk");
                    instances.pool().flatten(layer.file(), rootDisk, InstanceService.scaled(progress, 0, 0.95, ""));
                }
                fingerprint = null;
                profile = ownBootFiles(profile, to);
            }
            Instance created = new Instance(reserved.name(), reserved.uuid(), current.type(), current.image(),
                    fingerprint, reserved.spec(), InstanceStatus.STOPPED, null, null, null, null,
                    reserved.createdAt(), profile, InstancePaths.FIRST_LAYER, origin);
            if (profile.cloudInit()) {
                instances.writeSeed(created, to);
            }
            InstanceService.markIdentityPending(to);
            runner.record(reserved, created);
            reverter.success();
        }
    }

    public OperationView publish(String name, PublishRequest req) {
        String alias = Names.alias(req == null ? null : req.alias());
        Instance instance = instances.get(name);
        if (instance.profile() == null) {
            throw Lifecycle.refused(name, instance.status(), "be published while it is being created");
        }
        if (req.snapshot() != null) {
            instances.snapshots().find(name, req.snapshot());
        } else if (instance.status() != InstanceStatus.STOPPED) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " is "
                    + instance.status().label().toLowerCase(java.util.Locale.ROOT)
                    + "; stop it or publish a snapshot (--snapshot)");
        }
        if (instances.images().exists(alias)) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "image " + alias + " already exists");
        }
        return instances.operations().submit("publish " + name + " " + alias, Map.of("instance", name,
                "image", alias), progress -> {
                    try (InstanceLocks.Held held = instances.locks().lock(name)) {
                        publishLocked(instances.get(name), req.snapshot(), alias, progress);
                    }
                });
    }

    private Image publishLocked(Instance current, String snapshotName, String alias, Progress progress) {
        InstancePaths p = runner.paths(current.name());
        Path copy = p.file(".publish-" + UUID.randomUUID() + ".qcow2").toAbsolutePath();
        try (ConsistentLayer layer = consistentLayer(current, snapshotName, progress)) {
            progress.update(0, "copying disk");
            instances.pool().flatten(layer.file(), copy, InstanceService.scaled(progress, 0, 0.8, ""));
            progress.update(0.8, "cleaning the guest (sysprep)");
            GuestEdit edit = guests.sysprep(copy);
            edit.warnings().forEach(progress::warn);
            return instances.images().adopt(alias, copy, current.profile(), "published from " + current.name()
                    + (snapshotName == null ? "" : "/" + snapshotName), InstanceService.scaled(progress, 0.85, 1, ""));
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // a hidden temp name; nothing else refers to it
            }
        }
    }

    /** A layer of {@code current} that nothing writes while it is read; closing drops a snapshot made only for this. */
    interface ConsistentLayer extends AutoCloseable {
        Path file();

        @Override
        void close();
    }

    /**
     * The given snapshot's layer; else the top layer of a stopped instance (the caller holds its
     * lock, so it stays stopped); else a snapshot taken now and deleted when closed.
     */
    ConsistentLayer consistentLayer(Instance current, String snapshotName, Progress progress) {
        InstancePaths p = runner.paths(current.name());
        if (snapshotName != null) {
            Path file = p.file(instances.snapshots().find(current.name(), snapshotName).disk()).toAbsolutePath();
            return consistent(file, () -> {});
        }
        if (current.status() == InstanceStatus.STOPPED) {
            return consistent(p.file(current.rootDisk()).toAbsolutePath(), () -> {});
        }
        if (current.status() != InstanceStatus.RUNNING && current.status() != InstanceStatus.PAUSED) {
            throw Lifecycle.refused(current.name(), current.status(), "be copied");
        }
        Snapshot temporary = instances.snapshots().take(current, "copy-" + UUID.randomUUID().toString()
                .substring(0, 8), false, progress);
        return consistent(p.file(temporary.disk()).toAbsolutePath(), () -> instances.snapshots().delete(temporary));
    }

    private static ConsistentLayer consistent(Path file, Runnable release) {
        return new ConsistentLayer() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public void close() {
                release.run();
            }
        };
    }

    /** A full clone may outlive its image: it keeps its own hard links of the boot files. */
    private static GuestProfile ownBootFiles(GuestProfile profile, InstancePaths to) {
        if (profile.kernel() == null) {
            return profile;
        }
        Path kernel = to.file("vmlinuz").toAbsolutePath();
        Files2.linkOrCopy(profile.kernel(), kernel);
        Path initrd = null;
        if (profile.initrd() != null) {
            initrd = to.file("initrd.img").toAbsolutePath();
            Files2.linkOrCopy(profile.initrd(), initrd);
        }
        return profile.withBootFiles(kernel, initrd);
    }

    private static InstanceSpec withNewMac(InstanceSpec s) {
        return new InstanceSpec(s.cpus(), s.memoryBytes(), s.diskBytes(), s.accel(), s.sshKeys(), s.userData(),
                LaunchPlan.randomMac());
    }
}
