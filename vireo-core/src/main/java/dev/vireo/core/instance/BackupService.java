package dev.vireo.core.instance;

import dev.vireo.api.BackupView;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.OperationView;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.op.Progress;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of root disks as chains of qcow2 files in {@code backupsDir/INSTANCE/}: a full backup
 * stands alone, an incremental one is an overlay on the backup before it holding only the
 * clusters written since (QEMU's dirty bitmap says which). Running guests are backed up by the
 * hypervisor without a pause; stopped ones by copying the disk. Each file has a description
 * beside it ({@link BackupManifest}), so a backup restores on a host that has no record of it.
 */
public final class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final InstanceService instances;
    private final InstanceRunner runner;
    private final Path backupsDir;
    private final Clock clock;

    BackupService(InstanceService instances, InstanceRunner runner, Path backupsDir, Clock clock) {
        this.instances = instances;
        this.runner = runner;
        this.backupsDir = backupsDir;
        this.clock = clock;
    }

    /** Checks now (4xx before any work), then backs up in an operation whose resource is the backup file. */
    public OperationView create(String name, boolean incremental) {
        Instance instance = instances.get(name);
        requireBackupable(instance, incremental);
        if (incremental) {
            previous(instance);
        }
        return instances.operations().submit((incremental ? "incremental backup of " : "backup of ") + name,
                Map.of("instance", name), progress -> {
                    try (InstanceLocks.Held held = instances.locks().lock(name)) {
                        Instance current = instances.get(name);
                        requireBackupable(current, incremental);
                        backUp(current, incremental, progress);
                    }
                });
    }

    private static void requireBackupable(Instance i, boolean incremental) {
        switch (i.status()) {
            case RUNNING, PAUSED -> { }
            case STOPPED -> {
                if (incremental) {
                    throw new VireoException(ErrorCode.INVALID_STATE, "instance " + i.name() + " is stopped;"
                            + " incremental backups follow a running guest's writes: start it, or take a full backup");
                }
            }
            default -> throw Lifecycle.refused(i.name(), i.status(), "be backed up now");
        }
        if (i.profile() == null) {
            throw Lifecycle.refused(i.name(), i.status(), "be backed up while it is being created");
        }
    }

    private void backUp(Instance instance, boolean incremental, Progress progress) {
        Path dir = Files2.createDirectories(backupsDir.resolve(instance.name()));
        BackupManifest base = incremental ? previous(instance) : null;
        Path disk = runner.paths(instance.name()).file(instance.rootDisk());
        long size = instances.pool().virtualSize(disk);
        String file = instance.name() + "-" + STAMP.format(clock.instant()) + ".qcow2";
        Path target = dir.resolve(file);
        long t0 = System.nanoTime();
        try (Reverter reverter = new Reverter()) {
            reverter.add(() -> Files.deleteIfExists(target));
            boolean running = instance.status() != InstanceStatus.STOPPED;
            if (running) {
                progress.update(-1, "copying the disk while the guest runs");
                instances.pool().createDisk(target, size, base == null ? null : dir.resolve(base.file()));
                InstanceDriver.BackupResult r = instances.driver().backupRootDisk(instance,
                        runner.paths(instance.name()), target, incremental);
                LOG.info("instance {}: {} backup {}: {} bytes copied in {} ms", instance.name(),
                        incremental ? "incremental" : "full", file, r.bytesCopied(), r.millis());
            } else {
                instances.pool().flatten(disk, target, InstanceService.scaled(progress, 0, 0.95, "copying: "));
            }
            GuestProfile p = instance.profile();
            String kernel = keepBootFile(p.kernel(), dir, "vmlinuz");
            String initrd = keepBootFile(p.initrd(), dir, "initrd.img");
            new BackupManifest(BackupManifest.VERSION, instance.name(), instance.uuid(), file,
                    base == null ? null : base.file(), size, instance.spec().cpus(), instance.spec().memoryBytes(),
                    instance.spec().macAddress(), instance.spec().sshKeys(), instance.spec().userData(),
                    instance.image(), kernel, initrd, p.cmdline(), p.readyMarker(), p.cloudInit(), p.user(),
                    clock.instant()).write(dir);
            reverter.success();
        }
        LOG.info("instance {}: backup {} written in {} ms", instance.name(), target,
                (System.nanoTime() - t0) / 1_000_000);
        progress.update(1, "backup written to " + target);
    }

    /** The backup an incremental one builds on: the newest of this very instance (same UUID). */
    private BackupManifest previous(Instance instance) {
        return manifests(instance.name()).stream().filter(m -> m.uuid().equals(instance.uuid()))
                .max(Comparator.comparing(BackupManifest::createdAt))
                .orElseThrow(() -> new VireoException(ErrorCode.INVALID_STATE, "instance " + instance.name()
                        + " has no backup to build on; take a full backup first"));
    }

    /** Boot files are linked once into the backup directory, so a restore needs no image. */
    private static String keepBootFile(Path source, Path dir, String name) {
        if (source == null) {
            return null;
        }
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            Files2.linkOrCopy(source, target);
        }
        return name;
    }

    /** Backups of {@code instance} (every instance when null), oldest first. */
    public List<BackupView> list(String instance) {
        List<String> names = instance != null ? List.of(Names.instance(instance)) : instanceDirs();
        return names.stream().flatMap(n -> manifests(n).stream())
                .sorted(Comparator.comparing(BackupManifest::createdAt))
                .map(m -> view(backupsDir.resolve(m.instance()), m)).toList();
    }

    private BackupView view(Path dir, BackupManifest m) {
        Path file = dir.resolve(m.file());
        return new BackupView(m.instance(), file.toString(), m.incremental(),
                m.base() == null ? null : dir.resolve(m.base()).toString(), Files2.sizeOf(file), m.diskBytes(),
                m.createdAt());
    }

    private List<String> instanceDirs() {
        if (!Files.isDirectory(backupsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(backupsDir)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + backupsDir, e);
        }
    }

    private List<BackupManifest> manifests(String instance) {
        Path dir = backupsDir.resolve(instance);
        return Files.isDirectory(dir) ? manifests(dir) : List.of();
    }

    /** Deletes a backup file and its description; refused while an incremental backup builds on it. */
    public void delete(String path) {
        Path file = backupFile(path);
        BackupManifest m = BackupManifest.read(file);
        Path dir = file.getParent();
        try (InstanceLocks.Held held = instances.locks().lock(m.instance())) {
            Optional<String> dependent = manifests(dir).stream().filter(o -> file.getFileName().toString()
                    .equals(o.base())).map(BackupManifest::file).findFirst();
            if (dependent.isPresent()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "backup " + dependent.get() + " builds on "
                        + file.getFileName() + "; delete it first");
            }
            try {
                Files.deleteIfExists(BackupManifest.of(file));
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
            if (manifests(dir).isEmpty()) {
                removeBootFiles(dir);
            }
        }
    }

    /** The last backup of a directory took the boot files' reason to be there; an emptied directory goes too. */
    private static void removeBootFiles(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("vmlinuz"));
            Files.deleteIfExists(dir.resolve("initrd.img"));
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot tidy {}: {}", dir, e.toString());
        }
    }

    private static List<BackupManifest> manifests(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".qcow2") && Files.exists(
                    BackupManifest.of(f))).map(BackupManifest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * A new instance {@code name} from a backup file and the chain under it. It keeps the guest's
     * identity (UUID, MAC) unless another instance has that UUID, in which case it is a copy and
     * gets a fresh identity, as a clone does.
     */
    public OperationView restore(String path, String name) {
        Names.instance(name);
        Path file = backupFile(path);
        BackupManifest m = BackupManifest.read(file);
        LaunchPlan.cpus(m.cpus(), instances.host());
        LaunchPlan.memory(m.memoryBytes(), instances.host());
        boolean macTaken = instances.state().listInstances().stream()
                .anyMatch(i -> i.spec().macAddress().equals(m.macAddress()));
        InstanceSpec spec = new InstanceSpec(m.cpus(), m.memoryBytes(), m.diskBytes(), Accelerator.AUTO,
                m.sshKeys() == null ? List.of() : m.sshKeys(), m.userData(),
                macTaken ? LaunchPlan.randomMac() : m.macAddress());
        Instance reserved = instances.reserve(name, "backup of " + m.instance(), spec, "restoring " + file.getFileName());
        return instances.submitForReserved(reserved, "restore " + name + " from " + file.getFileName(),
                progress -> restoreInto(file, m, reserved, progress));
    }

    private void restoreInto(Path file, BackupManifest m, Instance reserved, Progress progress) {
        InstancePaths to = runner.paths(reserved.name());
        try (InstanceLocks.Held held = instances.locks().lock(reserved.name()); Reverter reverter = new Reverter()) {
            reverter.add(instances.unreserve(reserved, "restore failed"));
            instances.giveNics(reserved, instances.networks().checkLaunch(null), reverter);
            Files2.createDirectories(to.dir());
            reverter.add(() -> Files2.deleteTree(to.dir()));
            instances.pool().flatten(file, to.file(InstancePaths.FIRST_LAYER),
                    InstanceService.scaled(progress, 0, 0.95, "copying: "));
            Path kernel = bootFile(file.getParent(), m.kernel(), to.file("vmlinuz"));
            Path initrd = bootFile(file.getParent(), m.initrd(), to.file("initrd.img"));
            GuestProfile profile = new GuestProfile(kernel, initrd, m.cmdline(), m.readyMarker(), m.cloudInit(),
                    m.user());
            // the reservation already has a free MAC: the guest's own, unless another instance has it
            boolean copy = instances.state().listInstances().stream().anyMatch(i -> i.uuid().equals(m.uuid()));
            UUID uuid = copy ? reserved.uuid() : m.uuid();
            Instance restored = new Instance(reserved.name(), uuid, reserved.type(), m.image(), null, reserved.spec(),
                    InstanceStatus.STOPPED, null, null, null, null, reserved.createdAt(), profile,
                    InstancePaths.FIRST_LAYER, null);
            if (profile.cloudInit()) {
                instances.writeSeed(restored, to);
            }
            if (copy) {
                progress.warn("instance " + m.instance() + " still exists with this guest's identity; " + reserved.name()
                        + " gets a fresh one (UUID, MAC, machine-id, SSH host keys) at its first start");
                InstanceService.markIdentityPending(to);
            }
            runner.record(reserved, restored);
            reverter.success();
        }
    }

    private static Path bootFile(Path dir, String name, Path target) {
        if (name == null) {
            return null;
        }
        Path source = dir.resolve(name).normalize();
        if (!source.getParent().equals(dir.normalize()) || !Files.isRegularFile(source)) {
            throw VireoException.invalid("boot file " + name + " of the backup is missing from " + dir);
        }
        Files2.linkOrCopy(source, target);
        return target.toAbsolutePath();
    }

    private static Path backupFile(String path) {
        Path file = ApplianceService.hostPath(path, "backup file");
        if (!file.getFileName().toString().endsWith(".qcow2")) {
            throw VireoException.invalid("backup file " + file + " must be a .qcow2 file written by vireo backup");
        }
        if (!Files.isRegularFile(file)) {
            throw VireoException.notFound("backup file " + file);
        }
        return file;
    }
}
