package dev.vireo.core.instance;

import dev.vireo.api.ConsoleInfo;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.Sizes;
import dev.vireo.api.SshAccess;
import dev.vireo.api.VireoException;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.host.HostFacts;
import dev.vireo.core.image.Image;
import dev.vireo.core.image.ImageService;
import dev.vireo.core.op.OperationManager;
import dev.vireo.core.op.Progress;
import dev.vireo.core.seed.NoCloudSeed;
import dev.vireo.core.seed.SeedWriter;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.storage.StoragePool;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Instances: validation, locking and intent; the runner and the driver do the work. */
public final class InstanceService {
    /** The daemon's own SSH key, added to every guest so that exec and shell work. */
    public record DaemonKey(String publicKey, String privateKeyPath) {}

    /** Tunables with sensible defaults. */
    public record Settings(Duration readyTimeout) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(5));
    }

    private final StateStore state;
    private final ImageService images;
    private final StoragePool pool;
    private final SeedWriter seeds;
    private final InstanceDriver driver;
    private final OperationManager operations;
    private final EventBus events;
    private final InstanceLocks locks = new InstanceLocks();
    private final HostFacts host;
    private final AcceleratorChoice accel;
    private final DaemonKey daemonKey;
    private final Clock clock;
    private final Settings settings;
    private final InstanceRunner runner;

    public InstanceService(StateStore state, ImageService images, StoragePool pool, SeedWriter seeds,
            InstanceDriver driver, OperationManager operations, EventBus events, HostFacts host,
            java.nio.file.Path instancesDir, DaemonKey daemonKey, Clock clock, Settings settings) {
        this.state = state;
        this.images = images;
        this.pool = pool;
        this.seeds = seeds;
        this.driver = driver;
        this.operations = operations;
        this.events = events;
        this.host = host;
        this.accel = AcceleratorChoice.decide(host);
        this.daemonKey = daemonKey;
        this.clock = clock;
        this.settings = settings;
        this.runner = new InstanceRunner(state, driver, events, locks, accel, instancesDir);
    }

    public List<Instance> list() {
        return state.listInstances();
    }

    public Instance get(String name) {
        return state.findInstance(name).orElseThrow(() -> VireoException.notFound("instance " + name));
    }

    public InstancePaths paths(String name) {
        return runner.paths(get(name).name());
    }

    /** Validates now (4xx before any work), reserves the name, then creates (and starts) in an operation. */
    public OperationView launch(LaunchRequest req) {
        InstanceSpec spec = LaunchPlan.spec(req, host, accel);
        if (!images.available(req.image())) {
            throw new VireoException(ErrorCode.NOT_FOUND, "image " + req.image() + " not found (see: vireo image "
                    + "list; build one with: vireo image build debian/12)");
        }
        boolean start = req.start() == null || req.start();
        Instance instance = new Instance(req.name(), UUID.randomUUID(), driver.type(), req.image(), null, spec,
                InstanceStatus.STOPPED, start ? "launching" : "creating", null, null, null, clock.instant());
        state.insertInstance(instance);
        events.publish("instance-created", instance.name(), instance.status().label(), null);
        boolean waitReady = req.waitReady() == null || req.waitReady();
        try {
            return operations.submit((start ? "launch " : "create ") + instance.name(),
                    Map.of("instance", instance.name()), progress -> create(req, instance, start, waitReady, progress));
        } catch (RuntimeException e) {
            state.deleteInstance(instance.name());
            throw e;
        }
    }

    private void create(LaunchRequest req, Instance reserved, boolean start, boolean waitReady, Progress progress)
            throws InterruptedException {
        Instance instance;
        Image image;
        long logOffset;
        try (InstanceLocks.Held held = locks.lock(reserved.name()); Reverter reverter = new Reverter()) {
            reverter.add(() -> {
                state.deleteInstance(reserved.name());
                events.publish("instance-deleted", reserved.name(), null, "launch failed");
            });
            image = images.resolve(req.image(), false, scaled(progress, 0.0, 0.6, "image: "));
            long disk = LaunchPlan.effectiveDisk(req, reserved.spec(), image.virtualSizeBytes());
            if (disk < image.virtualSizeBytes()) {
                throw VireoException.invalid("disk " + Sizes.format(disk) + " is smaller than image " + image.alias()
                        + " (" + Sizes.format(image.virtualSizeBytes()) + ")");
            }
            instance = prepareFiles(reserved, image, disk, reverter, progress);
            logOffset = sizeOf(runner.paths(instance.name()).serialLog());
            if (start) {
                progress.update(0.75, "starting");
                instance = runner.start(instance, image);
                Instance started = instance;
                reverter.add(() -> driver.stop(started, runner.paths(started.name()), Duration.ZERO, true));
            }
            reverter.success();
        }
        if (start && waitReady && image.readyMarker() != null) {
            progress.update(0.8, "waiting for first boot");
            new ReadinessWaiter(clock).await(instance.name(), runner.paths(instance.name()).serialLog(), logOffset,
                    Pattern.compile(image.readyMarker()), settings.readyTimeout(), () -> isUp(reserved.name()),
                    scaled(progress, 0.8, 0.99, ""));
        }
    }

    private Instance prepareFiles(Instance reserved, Image image, long disk, Reverter reverter, Progress progress) {
        InstancePaths paths = runner.paths(reserved.name());
        progress.update(0.6, "creating root disk");
        try {
            Files.createDirectories(paths.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + paths.dir(), e);
        }
        reverter.add(() -> Files2.deleteTree(paths.dir()));
        pool.createRootDisk(image, paths.rootDisk(), disk);
        if (image.cloudInit()) {
            progress.update(0.7, "writing cloud-init seed");
            List<String> keys = new ArrayList<>(reserved.spec().sshKeys());
            keys.add(daemonKey.publicKey());
            seeds.writeIso(new NoCloudSeed(reserved.uuid().toString(), reserved.name(), keys,
                    reserved.spec().userData()), paths.seedIso());
        }
        InstanceSpec spec = new InstanceSpec(reserved.spec().cpus(), reserved.spec().memoryBytes(), disk,
                reserved.spec().accel(), reserved.spec().sshKeys(), reserved.spec().userData(),
                reserved.spec().macAddress());
        Instance created = new Instance(reserved.name(), reserved.uuid(), reserved.type(), image.alias(),
                image.fingerprint(), spec, InstanceStatus.STOPPED, null, null, null, null, reserved.createdAt());
        return runner.record(reserved, created);
    }

    /** Checks the state now (409 before any work), then runs the action under the lock. */
    public OperationView act(String name, InstanceAction action) {
        Lifecycle.check(name, get(name).status(), action);
        return operations.submit(action.verb() + " " + name, Map.of("instance", name), progress -> {
            try (InstanceLocks.Held held = locks.lock(name)) {
                Instance current = get(name);
                Lifecycle.check(name, current.status(), action);
                progress.update(-1, action.verb());
                apply(current, action);
            }
        });
    }

    private Instance apply(Instance current, InstanceAction action) {
        return switch (action) {
            case InstanceAction.Start s -> runner.start(current, imageOf(current));
            case InstanceAction.Stop s -> runner.stop(current, s.timeout(), s.force());
            case InstanceAction.Restart r -> runner.start(runner.stop(current, r.timeout(), r.force()),
                    imageOf(current));
            case InstanceAction.Pause p -> runner.pause(current);
            case InstanceAction.Resume r -> runner.resume(current);
        };
    }

    public OperationView delete(String name, boolean force) {
        Lifecycle.checkDelete(name, get(name).status(), force);
        return operations.submit("delete " + name, Map.of("instance", name), progress -> {
            try (InstanceLocks.Held held = locks.lock(name)) {
                Instance current = get(name);
                Lifecycle.checkDelete(name, current.status(), force);
                if (current.status() != InstanceStatus.STOPPED) {
                    driver.stop(current, runner.paths(name), Duration.ZERO, true);
                }
                Files2.deleteTree(runner.paths(name).dir());
                state.deleteInstance(name);
                events.publish("instance-deleted", name, null, null);
            }
        });
    }

    /** At daemon start: learn what is true of every instance and re-attach to running guests. */
    public void reconcile() {
        for (Instance i : state.listInstances()) {
            try (InstanceLocks.Held held = locks.lock(i.name())) {
                if (i.imageFingerprint() == null) {
                    discardInterruptedLaunch(i);
                    continue;
                }
                runner.refresh(i);
            } catch (RuntimeException e) {
                runner.record(i, i.withStatus(InstanceStatus.ERROR, "cannot observe: " + e.getMessage()));
            }
        }
    }

    /** A name reserved by a launch that the daemon's death cut short: its files and row go. */
    private void discardInterruptedLaunch(Instance i) {
        driver.stop(i, runner.paths(i.name()), Duration.ZERO, true);
        Files2.deleteTree(runner.paths(i.name()).dir());
        state.deleteInstance(i.name());
        events.publish("instance-deleted", i.name(), null, "launch interrupted by a daemon restart");
    }

    public SshAccess ssh(String name) {
        Instance i = requireUp(name, "ssh");
        if (i.sshPort() == null) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " has no SSH port forwarded");
        }
        return new SshAccess("127.0.0.1", i.sshPort(), DefaultUser.of(i.image()), daemonKey.privateKeyPath());
    }

    public ConsoleInfo console(String name) {
        requireUp(name, "attach to its console");
        InstancePaths p = runner.paths(name);
        return new ConsoleInfo(p.consoleSocket().toString(), p.serialLog().toString());
    }

    public String consoleLog(String name) {
        InstancePaths p = runner.paths(get(name).name());
        try {
            return Files.exists(p.serialLog()) ? Files.readString(p.serialLog(),
                    java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void shutdown() {
        driver.detachAll();
    }

    private Instance requireUp(String name, String what) {
        Instance i = get(name);
        if (i.status() != InstanceStatus.RUNNING && i.status() != InstanceStatus.PAUSED) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " is "
                    + i.status().label().toLowerCase(java.util.Locale.ROOT) + "; cannot " + what);
        }
        return i;
    }

    private boolean isUp(String name) {
        return state.findInstance(name).map(i -> i.status() == InstanceStatus.RUNNING
                || i.status() == InstanceStatus.PAUSED).orElse(false);
    }

    private Image imageOf(Instance instance) {
        Image image = images.get(instance.image());
        if (!image.fingerprint().equals(instance.imageFingerprint())) {
            throw new VireoException(ErrorCode.INVALID_STATE, "image " + instance.image()
                    + " was replaced since instance " + instance.name() + " was created");
        }
        return image;
    }

    private static long sizeOf(java.nio.file.Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Progress scaled(Progress p, double from, double to, String prefix) {
        return (fraction, text) -> p.update(fraction < 0 ? -1 : from + fraction * (to - from), prefix + text);
    }
}
