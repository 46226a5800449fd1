package dev.vireo.qemu;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.DriverListener;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.driver.Observation;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.util.Reverter;
import dev.vireo.qemu.QemuConfig.Volume;
import dev.vireo.qemu.qmp.QmpClient;
import dev.vireo.qemu.qmp.QmpDisconnected;
import dev.vireo.qemu.qmp.QmpError;
import dev.vireo.qemu.qmp.QmpException;
import dev.vireo.qemu.qmp.QmpStatus;
import dev.vireo.qemu.qmp.QmpTimeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM driver: a facade over {@link QemuConfig}/{@link QemuConfigRenderer} (argv),
 * {@link QemuProcess} (launch, pidfile, liveness) and the QMP client (one monitor per VM).
 * Guests are daemonized QEMUs that outlive this object and the daemon.
 */
public final class QemuDriver implements InstanceDriver {
    private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);

    /** Saving or loading RAM to a local file; generous for large guests on slow disks. */
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(10);
    /** A backup copies the whole disk at worst, at the speed of the slower of two disks. */
    private static final Duration BACKUP_TIMEOUT = Duration.ofHours(6);

    private final QemuSettings settings;
    private final QemuProcess process;
    private final Monitors monitors;

    public QemuDriver() {
        this(QemuSettings.defaults());
    }

    public QemuDriver(QemuSettings settings) {
        this.settings = settings;
        this.process = new QemuProcess(settings.launchTimeout());
        this.monitors = new Monitors(settings);
    }

    @Override
    public String type() {
        return "vm";
    }

    @Override
    public Observation start(StartSpec spec, DriverListener listener) {
        Instance instance = spec.instance();
        InstancePaths paths = spec.paths();
        Optional<QemuPid> running = QemuProcess.livePid(paths, instance.uuid());
        if (running.isPresent()) {
            throw new VireoException(ErrorCode.INVALID_STATE,
                    "instance " + instance.name() + " already runs (qemu pid " + running.get().pid() + ")");
        }
        QemuProcess.removeRuntimeFiles(paths);
        List<String> argv = QemuConfigRenderer.render(
                QemuConfig.forStart(spec, settings.binary(), Files.exists(paths.seedIso())));
        LOG.debug("starting {}: {}", instance.name(), argv);
        try (Reverter revert = new Reverter()) {
            QemuPid pid = process.launch(argv, paths, instance.uuid());
            revert.add(() -> {
                pid.killAndWait();
                QemuProcess.removeRuntimeFiles(paths);
            });
            Monitors.Attached attached = attachOrFail(instance.name(), paths, pid, listener);
            revert.add(() -> monitors.detach(instance.name()));
            if (spec.savedState() != null) {
                loadState(instance.name(), attached.client(), spec.savedState());
            }
            QmpStatus status = attached.client().queryStatus();
            if (!status.running()) {
                throw new VireoException(ErrorCode.INTERNAL, "qemu started but the guest is " + status.status());
            }
            revert.success();
            return new Observation(InstanceStatus.RUNNING, pid.pid(), null);
        } catch (QmpException e) {
            throw toVireo(instance.name(), "start", e);
        }
    }

    private Monitors.Attached attachOrFail(String name, InstancePaths paths, QemuPid pid, DriverListener listener) {
        try {
            return monitors.attach(name, paths, pid, listener);
        } catch (QmpException e) {
            throw new VireoException(ErrorCode.INTERNAL, "qemu started but its QMP socket does not answer: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void stop(Instance instance, InstancePaths paths, Duration timeout, boolean force) {
        String name = instance.name();
        Optional<QemuPid> found = QemuProcess.livePid(paths, instance.uuid());
        monitors.silence(name);
        if (found.isPresent()) {
            QemuPid pid = found.get();
            try (Monitors.Lease qmp = leaseOrNull(name, paths)) {
                if (!force && qmp != null && attempt(name, qmp.client()::systemPowerdown)) {
                    pid.awaitExit(timeout);
                }
                if (pid.alive() && qmp != null && attempt(name, qmp.client()::quit)) {
                    pid.awaitExit(settings.settleTimeout());
                }
            }
            if (pid.alive() && !pid.killAndWait()) {
                throw new VireoException(ErrorCode.INTERNAL,
                        "qemu (pid " + pid.pid() + ") of " + name + " survived SIGKILL");
            }
        }
        monitors.detach(name);
        QemuProcess.removeRuntimeFiles(paths);
    }

    private Monitors.Lease leaseOrNull(String name, InstancePaths paths) {
        try {
            return monitors.lease(name, paths);
        } catch (QmpException e) {
            LOG.info("{}: QMP unreachable, stopping qemu with SIGKILL: {}", name, e.getMessage());
            return null;
        }
    }

    private static boolean attempt(String name, Runnable command) {
        try {
            command.run();
            return true;
        } catch (QmpException e) {
            LOG.info("{}: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public void pause(Instance instance, InstancePaths paths) {
        changeRunState(instance, paths, "pause", QmpClient::stop, QmpStatus::paused);
    }

    @Override
    public void resume(Instance instance, InstancePaths paths) {
        changeRunState(instance, paths, "resume", QmpClient::cont, QmpStatus::running);
    }

    private void changeRunState(Instance instance, InstancePaths paths, String verb,
            Consumer<QmpClient> command, Predicate<QmpStatus> done) {
        String name = instance.name();
        if (QemuProcess.livePid(paths, instance.uuid()).isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " has no running qemu; cannot "
                    + verb);
        }
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            command.accept(qmp.client());
            if (!Poll.until(() -> done.test(qmp.client().queryStatus()), settings.settleTimeout())) {
                throw new VireoException(ErrorCode.TIMEOUT, "instance " + name + ": qemu did not confirm " + verb
                        + " (status " + qmp.client().queryStatus().status() + ")");
            }
        } catch (QmpException e) {
            throw toVireo(name, verb, e);
        }
    }

    @Override
    public Observation observe(Instance instance, InstancePaths paths) {
        String name = instance.name();
        Optional<QemuPid> found = QemuProcess.livePid(paths, instance.uuid());
        if (found.isEmpty()) {
            return new Observation(InstanceStatus.STOPPED, null, exitReason(instance));
        }
        long pid = found.get().pid();
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            QmpStatus status = qmp.client().queryStatus();
            if (status.running()) {
                return new Observation(InstanceStatus.RUNNING, pid, null, rootDisk(qmp.client()));
            }
            if (status.paused()) {
                return new Observation(InstanceStatus.PAUSED, pid, null, rootDisk(qmp.client()));
            }
            return new Observation(InstanceStatus.ERROR, pid, "qemu reports run state " + status.status());
        } catch (QmpException e) {
            return new Observation(InstanceStatus.ERROR, pid,
                    "qemu (pid " + pid + ") runs but does not answer on QMP: " + e.getMessage());
        }
    }

    /** The root disk's top file as QEMU has it open; null if QEMU cannot say. */
    private static Path rootDisk(QmpClient client) {
        try {
            String file = client.topFile(QemuConfig.ROOT_DISK_DEVICE);
            return file.isEmpty() || file.startsWith("json:") ? null : Path.of(file);
        } catch (QmpError e) {
            return null;
        }
    }

    /** Null when nothing unexpected happened: the instance was not supposed to be running. */
    private String exitReason(Instance instance) {
        boolean expectedUp = switch (instance.status()) {
            case RUNNING, PAUSED, STARTING, STOPPING -> true;
            case STOPPED, ERROR -> false;
        };
        if (!expectedUp) {
            return null;
        }
        return monitors.wasAttached(instance.name()) ? "qemu exited" : "qemu exited while the daemon was down";
    }

    @Override
    public void watch(Instance instance, InstancePaths paths, DriverListener listener) {
        String name = instance.name();
        Optional<Monitors.Attached> current = monitors.get(name);
        if (current.isPresent() && current.get().watch().pid().alive()) {
            current.get().watch().listenTo(listener);
            return;
        }
        Optional<QemuPid> found = QemuProcess.livePid(paths, instance.uuid());
        if (found.isEmpty()) {
            listener.observed(name, InstanceStatus.STOPPED, "qemu exited");
            return;
        }
        try {
            monitors.attach(name, paths, found.get(), listener);
        } catch (QmpException e) {
            if (found.get().alive()) {
                listener.observed(name, InstanceStatus.ERROR, "cannot watch qemu (pid " + found.get().pid()
                        + "): " + e.getMessage());
            } else {
                listener.observed(name, InstanceStatus.STOPPED, "qemu exited");
            }
        }
    }

    /** Feeds a saved state into a QEMU started with {@code -incoming defer}, then lets the guest run. */
    private void loadState(String name, QmpClient client, Path state) {
        client.migrateIncoming("exec:cat " + shellQuote(state.toAbsolutePath().toString()));
        awaitMigration(name, client, "load saved state");
        if (client.queryStatus().paused()) {
            client.cont();
        }
    }

    @Override
    public long snapshotDisk(Instance instance, InstancePaths paths, Path newTop) {
        String name = instance.name();
        requireRunning(instance, paths, "take a disk snapshot");
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            return switchTop(qmp.client(), newTop);
        } catch (QmpException e) {
            throw toVireo(name, "snapshot", e);
        }
    }

    @Override
    public void snapshotWithMemory(Instance instance, InstancePaths paths, Path newTop, Path stateFile) {
        String name = instance.name();
        requireRunning(instance, paths, "take a memory snapshot");
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            QmpClient client = qmp.client();
            boolean wasRunning = client.queryStatus().running();
            if (wasRunning) {
                client.stop();
            }
            long t0 = System.nanoTime();
            try {
                switchTop(client, newTop);
                client.unlimitMigrationBandwidth();
                client.migrate("exec:cat > " + shellQuote(stateFile.toAbsolutePath().toString()));
                awaitMigration(name, client, "save memory");
            } finally {
                if (wasRunning) {
                    client.cont();
                }
            }
            LOG.info("{}: memory snapshot saved in {} ms (guest paused meanwhile)", name,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (QmpException e) {
            throw toVireo(name, "memory snapshot", e);
        }
    }

    @Override
    public void streamInto(Instance instance, InstancePaths paths, Path layer, Path newBase) {
        String name = instance.name();
        requireRunning(instance, paths, "merge disk layers");
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            QmpClient client = qmp.client();
            String node = client.nodeOf(layer.toAbsolutePath().toString());
            String base = newBase == null ? null : client.nodeOf(newBase.toAbsolutePath().toString());
            if (node == null || (newBase != null && base == null)) {
                throw new VireoException(ErrorCode.INTERNAL, "instance " + name + ": " + layer.getFileName()
                        + (newBase == null ? "" : " or " + newBase.getFileName()) + " is not in QEMU's disk chain");
            }
            String job = "stream-" + Integer.toHexString(layer.toAbsolutePath().toString().hashCode());
            client.blockStream(job, node, base);
            QmpClient.JobStatus[] last = {null};
            boolean done = Poll.until(() -> {
                last[0] = client.queryJob(job);
                return last[0] == null || last[0].concluded();
            }, MIGRATION_TIMEOUT);
            if (last[0] != null && last[0].concluded()) {
                client.dismissJob(job);
            }
            if (!done || (last[0] != null && last[0].error() != null)) {
                throw new VireoException(ErrorCode.INTERNAL, "instance " + name + ": merging disk layers into "
                        + layer.getFileName() + " failed: " + (done ? last[0].error() : "timed out"));
            }
        } catch (QmpException e) {
            throw toVireo(name, "merge disk layers", e);
        }
    }

    /** Puts a new qcow2 overlay at {@code newTop} on top of the root disk's chain; returns the milliseconds it took. */
    private static long switchTop(QmpClient client, Path newTop) {
        String top = client.topNode(QemuConfig.ROOT_DISK_DEVICE);
        String file = newTop.getFileName().toString();
        String node = "n" + Integer.toHexString(newTop.toAbsolutePath().toString().hashCode());
        long t0 = System.nanoTime();
        client.blockdevSnapshotSync(top, newTop.toAbsolutePath().toString(), node);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.debug("root disk now writes to {} (node {}), {} ms", file, node, ms);
        return ms;
    }

    private void awaitMigration(String name, QmpClient client, String what) {
        QmpClient.MigrationStatus[] last = {client.queryMigrate()};
        if (!Poll.until(() -> (last[0] = client.queryMigrate()).finished(), MIGRATION_TIMEOUT)) {
            throw new VireoException(ErrorCode.TIMEOUT, "instance " + name + ": " + what + " did not finish in "
                    + MIGRATION_TIMEOUT.toSeconds() + " s (migration " + last[0].status() + ")");
        }
        if (!last[0].status().equals("completed")) {
            throw new VireoException(ErrorCode.INTERNAL, "instance " + name + ": cannot " + what + ": migration "
                    + last[0].status() + (last[0].error() == null ? "" : ": " + last[0].error()));
        }
    }

    private static void requireRunning(Instance instance, InstancePaths paths, String verb) {
        if (QemuProcess.livePid(paths, instance.uuid()).isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + instance.name()
                    + " has no running qemu; cannot " + verb);
        }
    }

    /** A POSIX shell word: QEMU runs {@code exec:} migration URIs with /bin/sh -c. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void attachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume) {
        withHotplug(instance, paths, "attach volume " + volume.volume(), h -> h.attach(Volume.of(volume)));
    }

    @Override
    public void detachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, Duration timeout) {
        withHotplug(instance, paths, "detach volume " + volume.volume(), h -> h.detach(Volume.of(volume), timeout));
    }

    @Override
    public void resizeVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, long sizeBytes) {
        withHotplug(instance, paths, "resize volume " + volume.volume(),
                h -> h.resize(Volume.of(volume), sizeBytes));
    }

    @Override
    public void snapshotVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, String snapshot) {
        withHotplug(instance, paths, "snapshot volume " + volume.volume(),
                h -> h.snapshot(Volume.of(volume), snapshot));
    }

    @Override
    public void deleteVolumeSnapshot(Instance instance, InstancePaths paths, VolumeAttachment volume,
            String snapshot) {
        withHotplug(instance, paths, "delete snapshot " + snapshot + " of volume " + volume.volume(),
                h -> h.deleteSnapshot(Volume.of(volume), snapshot));
    }

    private void withHotplug(Instance instance, InstancePaths paths, String verb, Consumer<QemuHotplug> operation) {
        requireRunning(instance, paths, verb);
        try (Monitors.Lease qmp = monitors.lease(instance.name(), paths)) {
            operation.accept(new QemuHotplug(instance.name(), qmp.client(), settings.settleTimeout()));
        } catch (QmpException e) {
            throw toVireo(instance.name(), verb, e);
        }
    }

    @Override
    public BackupResult backupRootDisk(Instance instance, InstancePaths paths, Path target, boolean incremental) {
        String name = instance.name();
        requireRunning(instance, paths, "back up its disk");
        try (Monitors.Lease qmp = monitors.lease(name, paths)) {
            return new QemuBackup(name, qmp.client()).run(target, incremental, BACKUP_TIMEOUT);
        } catch (QmpException e) {
            throw toVireo(name, "backup", e);
        }
    }

    /** The VM's monitor for one operation; for tests and diagnostics. */
    Monitors.Lease qmp(Instance instance, InstancePaths paths) {
        return monitors.lease(instance.name(), paths);
    }

    @Override
    public void detachAll() {
        monitors.detachAll();
    }

    private static VireoException toVireo(String name, String verb, QmpException e) {
        String message = "instance " + name + ": " + verb + " failed: " + e.getMessage();
        return switch (e) {
            case QmpTimeout t -> new VireoException(ErrorCode.TIMEOUT, message, t);
            case QmpDisconnected d -> new VireoException(ErrorCode.UNAVAILABLE, message, d);
            case QmpError q -> new VireoException(ErrorCode.INTERNAL, message, q);
        };
    }
}
