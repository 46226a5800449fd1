package dev.vireo.core.instance;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.driver.Observation;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.guest.GuestEdit;
import dev.vireo.core.guest.GuestEditor;
import dev.vireo.core.network.Nic;
import dev.vireo.core.op.Progress;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.util.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out lifecycle actions on one instance and records what became true. Callers hold
 * the instance's lock; observations reported by the driver are re-checked under that lock.
 */
final class InstanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRunner.class);

    private final StateStore state;
    private final InstanceDriver driver;
    private final EventBus events;
    private final InstanceLocks locks;
    private final AcceleratorChoice accel;
    private final Path instancesDir;
    private final GuestEditor guests;
    private final Function<String, List<VolumeAttachment>> volumes;
    private final Function<String, List<Nic>> nics;

    InstanceRunner(StateStore state, InstanceDriver driver, GuestEditor guests, EventBus events, InstanceLocks locks,
            AcceleratorChoice accel, Path instancesDir, Function<String, List<VolumeAttachment>> volumes,
            Function<String, List<Nic>> nics) {
        this.volumes = volumes;
        this.nics = nics;
        this.guests = guests;
        this.state = state;
        this.driver = driver;
        this.events = events;
        this.locks = locks;
        this.accel = accel;
        this.instancesDir = instancesDir;
    }

    InstancePaths paths(String name) {
        return new InstancePaths(instancesDir.resolve(name));
    }

    /**
     * Starts the guest, from {@code savedState} (RAM and device state) when set. A guest that still
     * carries its source's identity gets a fresh one first.
     */
    Instance start(Instance instance, Path savedState, Progress progress) {
        Accelerator accelerator = accel.resolve(instance.spec().accel());
        InstancePaths paths = paths(instance.name());
        Instance starting = record(instance, instance.withStatus(InstanceStatus.STARTING, null));
        try {
            renewIdentity(starting, paths, progress);
            List<Nic> managed = nics.apply(instance.name());
            // user-mode networking forwards the guest's SSH to a loopback port; managed NICs reach it directly
            Integer port = managed.isEmpty() ? FreePort.loopback() : null;
            long t0 = System.nanoTime();
            Observation o = driver.start(new StartSpec(starting, paths, paths.file(starting.rootDisk()), accelerator,
                    port == null ? 0 : port, savedState, volumes.apply(instance.name()), managed), this::onObserved);
            LOG.info("instance {} started: pid {}, {}, {}, driver took {} ms", instance.name(), o.pid(),
                    accelerator.id(), port == null ? managed.size() + " NIC(s)" : "ssh port " + port,
                    (System.nanoTime() - t0) / 1_000_000);
            return record(starting, starting.withRuntime(o.pid(), port, accelerator).withStatus(o.status(), o.reason()));
        } catch (RuntimeException e) {
            record(starting, starting.withRuntime(null, null, null).withStatus(InstanceStatus.STOPPED, e.getMessage()));
            throw e;
        }
    }

    private void renewIdentity(Instance instance, InstancePaths paths, Progress progress) {
        if (!Files.exists(paths.identityPending())) {
            return;
        }
        progress.update(-1, "giving the guest a fresh identity");
        GuestEdit edit = guests.regenerateIdentity(paths.file(instance.rootDisk()), instance.name());
        LOG.info("instance {}: fresh identity: {}", instance.name(), String.join(", ", edit.changes()));
        edit.warnings().forEach(w -> {
            LOG.warn("instance {}: {}", instance.name(), w);
            progress.warn(w);
        });
        try {
            Files.delete(paths.identityPending());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + paths.identityPending(), e);
        }
    }

    Instance stop(Instance instance, Duration timeout, boolean force) {
        Instance stopping = record(instance, instance.withStatus(InstanceStatus.STOPPING, null));
        try {
            driver.stop(stopping, paths(instance.name()), timeout, force);
        } catch (RuntimeException e) {
            refresh(stopping);
            throw e;
        }
        return record(stopping, stopping.withRuntime(null, null, stopping.accelerator())
                .withStatus(InstanceStatus.STOPPED, null));
    }

    Instance pause(Instance instance) {
        driver.pause(instance, paths(instance.name()));
        return record(instance, instance.withStatus(InstanceStatus.PAUSED, null));
    }

    Instance resume(Instance instance) {
        driver.resume(instance, paths(instance.name()));
        return record(instance, instance.withStatus(InstanceStatus.RUNNING, null));
    }

    /** Reads the truth from the driver and records it; re-attaches to guests that run. */
    Instance refresh(Instance instance) {
        Observation o = driver.observe(instance, paths(instance.name()));
        Instance seen = instance;
        if (o.status() == InstanceStatus.STOPPED) {
            seen = instance.withRuntime(null, null, instance.accelerator());
        } else if (o.pid() != null) {
            seen = instance.withRuntime(o.pid(), instance.sshPort(), instance.accelerator());
        }
        seen = adoptRootDisk(seen, o.rootDisk());
        seen = record(instance, seen.withStatus(o.status(), o.reason()));
        if (o.status() == InstanceStatus.RUNNING || o.status() == InstanceStatus.PAUSED) {
            driver.watch(seen, paths(seen.name()), this::onObserved);
        }
        return seen;
    }

    /**
     * The guest writes where the hypervisor says, not where the record says: the two differ only
     * when the daemon died between switching the disk to a new top layer and recording it.
     */
    private Instance adoptRootDisk(Instance instance, Path seen) {
        if (seen == null) {
            return instance;
        }
        Path dir = paths(instance.name()).dir().toAbsolutePath().normalize();
        Path file = seen.toAbsolutePath().normalize();
        if (!dir.equals(file.getParent()) || file.getFileName().toString().equals(instance.rootDisk())) {
            return instance;
        }
        LOG.warn("instance {}: its disk writes to {}, not {} as recorded; adopting {}", instance.name(),
                file.getFileName(), instance.rootDisk(), file.getFileName());
        return instance.withRootDisk(file.getFileName().toString());
    }

    /** Called from driver threads: re-check under the lock so an action in progress wins. */
    private void onObserved(String name, InstanceStatus status, String reason) {
        Thread.ofVirtual().name("observe-" + name).start(() -> {
            try (InstanceLocks.Held held = locks.lock(name)) {
                state.findInstance(name).ifPresent(i -> {
                    if (i.status() != status) {
                        LOG.info("instance {}: driver reports {} ({})", name, status.label(), reason);
                        refresh(i);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("instance {}: refresh after driver report failed: {}", name, e.toString());
            }
        });
    }

    /**
     * Stores {@code updated} if it differs from {@code before} (what the caller last read or wrote)
     * and publishes a status event when the status or its reason changed.
     */
    Instance record(Instance before, Instance updated) {
        if (before.equals(updated)) {
            return updated;
        }
        state.updateInstance(updated);
        if (before.status() != updated.status()
                || !Objects.equals(before.statusReason(), updated.statusReason())) {
            events.publish("instance-status", updated.name(), updated.status().label(), updated.statusReason());
        }
        return updated;
    }
}
