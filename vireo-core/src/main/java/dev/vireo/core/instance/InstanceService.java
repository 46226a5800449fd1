package dev.vireo.core.instance;

import dev.vireo.api.ConsoleInfo;
import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.InstanceUpdateRequest;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.NicRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.Sizes;
import dev.vireo.api.SshAccess;
import dev.vireo.api.VireoException;
import dev.vireo.core.appliance.ApplianceFormat;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.guest.GuestEditor;
import dev.vireo.core.host.AcceleratorChoice;
import dev.vireo.core.host.HostFacts;
import dev.vireo.core.image.Image;
import dev.vireo.core.image.ImageService;
import dev.vireo.core.network.InstanceMetadata;
import dev.vireo.core.network.Network;
import dev.vireo.core.network.NetworkBackend;
import dev.vireo.core.network.NetworkService;
import dev.vireo.core.network.Nic;
import dev.vireo.core.op.OperationManager;
import dev.vireo.core.op.Progress;
import dev.vireo.core.seed.NoCloudSeed;
import dev.vireo.core.seed.SeedWriter;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.storage.StoragePool;
import dev.vireo.core.util.Files2;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import dev.vireo.core.volume.PoolDriver;
import dev.vireo.core.volume.VolumeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The backends an InstanceService drives. */
    public record Backends(StateStore state, ImageService images, StoragePool pool, SeedWriter seeds,
            InstanceDriver driver, GuestEditor guests, ApplianceFormat appliances, List<PoolDriver> poolDrivers,
            NetworkBackend networkBackend) {}

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
    private final Layers layers;
    private final SnapshotService snapshots;
    private final CloneService clones;
    private final ApplianceService appliances;
    private final VolumeService volumes;
    private final BackupService backups;
    private final NetworkService networks;

    public InstanceService(Backends backends, OperationManager operations, EventBus events, HostFacts host,
            java.nio.file.Path instancesDir, DaemonKey daemonKey, Clock clock, Settings settings) {
        this.state = backends.state();
        this.images = backends.images();
        this.pool = backends.pool();
        this.seeds = backends.seeds();
        this.driver = backends.driver();
        this.operations = operations;
        this.events = events;
        this.host = host;
        this.accel = AcceleratorChoice.decide(host);
        this.daemonKey = daemonKey;
        this.clock = clock;
        this.settings = settings;
        this.volumes = new VolumeService(state, backends.poolDrivers(), driver, locks,
                name -> new InstancePaths(instancesDir.resolve(name)), events, clock);
        this.networks = new NetworkService(state, backends.networkBackend(), events, clock);
        this.runner = new InstanceRunner(state, driver, backends.guests(), events, locks, accel, instancesDir,
                volumes::attachmentsOf, networks::nicsOf);
        this.layers = new Layers(state, pool, driver, runner::paths);
        this.snapshots = new SnapshotService(this, runner, layers, clock);
        this.clones = new CloneService(this, runner, backends.guests());
        this.appliances = new ApplianceService(this, runner, backends.appliances());
        this.backups = new BackupService(this, runner, instancesDir.resolveSibling("backups"), clock);
    }

    public SnapshotService snapshots() {
        return snapshots;
    }

    public CloneService clones() {
        return clones;
    }

    public ApplianceService appliances() {
        return appliances;
    }

    public BackupService backups() {
        return backups;
    }

    public VolumeService volumes() {
        return volumes;
    }

    public NetworkService networks() {
        return networks;
    }

    StateStore state() {
        return state;
    }

    ImageService images() {
        return images;
    }

    StoragePool pool() {
        return pool;
    }

    InstanceDriver driver() {
        return driver;
    }

    OperationManager operations() {
        return operations;
    }

    EventBus events() {
        return events;
    }

    InstanceLocks locks() {
        return locks;
    }

    HostFacts host() {
        return host;
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
        List<LaunchRequest.VolumeMount> mounts = volumes.checkLaunch(req.volumes());
        List<NicRequest> nics = networks.checkLaunch(req.networks());
        boolean metadataSeed = seedMode(req.seed(), nics);
        if (!nics.isEmpty() && nics.getFirst().mac() != null) {
            spec = spec.withMacAddress(nics.getFirst().mac());
        }
        boolean start = req.start() == null || req.start();
        Instance instance = reserve(req.name(), req.image(), spec, start ? "launching" : "creating");
        boolean waitReady = req.waitReady() == null || req.waitReady();
        return submitForReserved(instance, (start ? "launch " : "create ") + instance.name(),
                progress -> create(req, mounts, nics, metadataSeed, instance, start, waitReady, progress));
    }

    /**
     * Claims a name for an instance being made: a row without a guest profile, which a daemon
     * restart treats as an interrupted creation and removes with its files.
     */
    Instance reserve(String name, String origin, InstanceSpec spec, String reason) {
        Instance instance = new Instance(name, UUID.randomUUID(), driver.type(), origin, null, spec,
                InstanceStatus.STOPPED, reason, null, null, null, clock.instant(), null, InstancePaths.FIRST_LAYER,
                null);
        state.insertInstance(instance);
        events.publish("instance-created", instance.name(), instance.status().label(), null);
        return instance;
    }

    OperationView submitForReserved(Instance reserved, String description, OperationManager.Work work) {
        try {
            return operations.submit(description, Map.of("instance", reserved.name()), work);
        } catch (RuntimeException e) {
            state.deleteInstance(reserved.name());
            throw e;
        }
    }

    /** Gives a reserved instance its NICs (see {@link NetworkService#attach}); the reverter takes them back. */
    void giveNics(Instance reserved, List<NicRequest> plan, Reverter reverter) {
        reverter.add(() -> networks.releaseAll(reserved.name()));
        networks.attach(reserved.name(), reserved.uuid(), reserved.spec().macAddress(), plan);
    }

    /** Undo of a reservation, for a Reverter: the row goes, with an event saying why. */
    Reverter.Undo unreserve(Instance reserved, String why) {
        return () -> {
            state.deleteInstance(reserved.name());
            events.publish("instance-deleted", reserved.name(), null, why);
        };
    }

    /** Whether cloud-init reads the metadata service ("metadata") instead of a seed disk ("iso", the default). */
    private static boolean seedMode(String seed, List<NicRequest> nics) {
        if (seed == null || seed.equals("iso")) {
            return false;
        }
        if (!seed.equals("metadata")) {
            throw VireoException.invalid("invalid seed '" + seed + "': use iso or metadata");
        }
        if (nics.isEmpty()) {
            throw VireoException.invalid("--seed metadata needs a NIC on a managed network (the metadata service is"
                    + " not reachable with user-mode networking)");
        }
        return true;
    }

    private void create(LaunchRequest req, List<LaunchRequest.VolumeMount> mounts, List<NicRequest> nics,
            boolean metadataSeed, Instance reserved, boolean start, boolean waitReady, Progress progress)
            throws InterruptedException {
        Instance instance;
        Image image;
        long logOffset;
        try (InstanceLocks.Held held = locks.lock(reserved.name()); Reverter reverter = new Reverter()) {
            reverter.add(unreserve(reserved, "launch failed"));
            image = images.resolve(req.image(), false, scaled(progress, 0.0, 0.6, "image: "));
            long disk = LaunchPlan.effectiveDisk(req, reserved.spec(), image.virtualSizeBytes());
            if (disk < image.virtualSizeBytes()) {
                throw VireoException.invalid("disk " + Sizes.format(disk) + " is smaller than image " + image.alias()
                        + " (" + Sizes.format(image.virtualSizeBytes()) + ")");
            }
            volumes.attachAtLaunch(reserved.name(), mounts);
            reverter.add(() -> volumes.releaseAll(reserved.name()));
            giveNics(reserved, nics, reverter);
            instance = prepareFiles(reserved, image, disk, !metadataSeed, reverter, progress);
            logOffset = Files2.sizeOf(runner.paths(instance.name()).serialLog());
            if (start) {
                progress.update(0.75, "starting");
                instance = runner.start(instance, null, progress);
                Instance started = instance;
                reverter.add(() -> driver.stop(started, runner.paths(started.name()), Duration.ZERO, true));
            }
            reverter.success();
        }
        if (start && waitReady) {
            awaitReady(instance, logOffset, scaled(progress, 0.8, 0.99, ""));
        }
    }

    /** Waits for the guest's ready marker on the serial console written after {@code logOffset}, if it has one. */
    void awaitReady(Instance instance, long logOffset, Progress progress) throws InterruptedException {
        if (instance.profile().readyMarker() == null) {
            return;
        }
        progress.update(0, "waiting for first boot");
        new ReadinessWaiter(clock).await(instance.name(), runner.paths(instance.name()).serialLog(), logOffset,
                Pattern.compile(instance.profile().readyMarker()), settings.readyTimeout(),
                () -> isUp(instance.name()), progress);
    }

    private Instance prepareFiles(Instance reserved, Image image, long disk, boolean seedDisk, Reverter reverter,
            Progress progress) {
        InstancePaths paths = runner.paths(reserved.name());
        progress.update(0.6, "creating root disk");
        Files2.createDirectories(paths.dir());
        reverter.add(() -> Files2.deleteTree(paths.dir()));
        pool.createRootDisk(image, paths.file(InstancePaths.FIRST_LAYER), disk);
        GuestProfile profile = GuestProfile.of(image);
        if (profile.cloudInit() && seedDisk) {
            progress.update(0.7, "writing cloud-init seed");
            writeSeed(reserved, paths);
        }
        if (image.template()) {
            markIdentityPending(paths);
        }
        InstanceSpec spec = new InstanceSpec(reserved.spec().cpus(), reserved.spec().memoryBytes(), disk,
                reserved.spec().accel(), reserved.spec().sshKeys(), reserved.spec().userData(),
                reserved.spec().macAddress());
        Instance created = new Instance(reserved.name(), reserved.uuid(), reserved.type(), image.alias(),
                image.fingerprint(), spec, InstanceStatus.STOPPED, null, null, null, null, reserved.createdAt(),
                profile, InstancePaths.FIRST_LAYER, null);
        return runner.record(reserved, created);
    }

    /** The NoCloud seed: the instance's UUID as instance-id, its name as hostname, the user's keys and the daemon's. */
    void writeSeed(Instance instance, InstancePaths paths) {
        List<String> keys = new ArrayList<>(instance.spec().sshKeys());
        keys.add(daemonKey.publicKey());
        List<NoCloudSeed.Mount> mounts = volumes.attachedTo(instance.name()).stream()
                .filter(v -> v.mountPath() != null)
                .map(v -> new NoCloudSeed.Mount(VolumeService.guestDevice(v.name()), v.mountPath(),
                        VolumeService.fsLabel(v.name())))
                .toList();
        List<Nic> nics = networks.nicsOf(instance.name());
        List<String> dhcpMacs = nics.size() > 1 ? nics.stream().map(Nic::mac).toList() : List.of();
        seeds.writeIso(new NoCloudSeed(instance.uuid().toString(), instance.name(), keys, instance.spec().userData(),
                mounts, dhcpMacs), paths.seedIso());
    }

    static void markIdentityPending(InstancePaths paths) {
        try {
            Files.writeString(paths.identityPending(), "regenerate machine-id, SSH host keys and hostname before the"
                    + " first start\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + paths.identityPending(), e);
        }
    }

    /** New hardware for a stopped instance; memory snapshots taken before no longer fit it. */
    public Instance update(String name, InstanceUpdateRequest req) {
        if (req == null || (req.cpus() == null && req.memory() == null)) {
            throw VireoException.invalid("nothing to change: give cpus or memory");
        }
        try (InstanceLocks.Held held = locks.lock(name)) {
            Instance current = get(name);
            if (current.status() != InstanceStatus.STOPPED || current.profile() == null) {
                throw Lifecycle.refused(name, current.status(), "change its hardware (stop it first)");
            }
            InstanceSpec s = current.spec();
            int cpus = req.cpus() == null ? s.cpus() : LaunchPlan.cpus(req.cpus(), host);
            long memory = req.memory() == null ? s.memoryBytes() : LaunchPlan.memory(Sizes.parse(req.memory()), host);
            InstanceSpec spec = new InstanceSpec(cpus, memory, s.diskBytes(), s.accel(), s.sshKeys(), s.userData(),
                    s.macAddress());
            return runner.record(current, current.withSpec(spec));
        }
    }

    /** Checks the state now (409 before any work), then runs the action under the lock. */
    public OperationView act(String name, InstanceAction action) {
        Lifecycle.check(name, get(name).status(), action);
        return operations.submit(action.verb() + " " + name, Map.of("instance", name), progress -> {
            try (InstanceLocks.Held held = locks.lock(name)) {
                Instance current = get(name);
                Lifecycle.check(name, current.status(), action);
                progress.update(-1, action.verb());
                apply(current, action, progress);
            }
        });
    }

    private Instance apply(Instance current, InstanceAction action, Progress progress) {
        return switch (action) {
            case InstanceAction.Start s -> runner.start(current, null, progress);
            case InstanceAction.Stop s -> layers.compact(runner.stop(current, s.timeout(), s.force()));
            case InstanceAction.Restart r -> runner.start(layers.compact(runner.stop(current, r.timeout(), r.force())),
                    null, progress);
            case InstanceAction.Pause p -> runner.pause(current);
            case InstanceAction.Resume r -> runner.resume(current);
        };
    }

    public OperationView delete(String name, boolean force) {
        Lifecycle.checkDelete(name, get(name).status(), force);
        refuseIfCloned(name);
        return operations.submit("delete " + name, Map.of("instance", name), progress -> {
            Instance.Origin origin;
            try (InstanceLocks.Held held = locks.lock(name)) {
                Instance current = get(name);
                Lifecycle.checkDelete(name, current.status(), force);
                refuseIfCloned(name);
                origin = current.origin();
                if (current.status() != InstanceStatus.STOPPED) {
                    driver.stop(current, runner.paths(name), Duration.ZERO, true);
                }
                Files2.deleteTree(runner.paths(name).dir());
                volumes.releaseAll(name);
                networks.releaseAll(name);
                state.deleteInstance(name);
                events.publish("instance-deleted", name, null, null);
            }
            dropAutoSnapshot(name, origin);
        });
    }

    /** A linked clone's automatic snapshot (see CloneService) goes with the clone, once no other clone uses it. */
    private void dropAutoSnapshot(String clone, Instance.Origin origin) {
        if (origin == null || !origin.snapshot().equals(CloneService.autoSnapshotName(clone))) {
            return;
        }
        try (InstanceLocks.Held held = locks.lock(origin.instance())) {
            state.findSnapshot(origin.instance(), origin.snapshot())
                    .filter(s -> linkedClonesOf(origin.instance(), s.name()).isEmpty())
                    .ifPresent(snapshots::delete);
        }
    }

    private void refuseIfCloned(String name) {
        List<String> dependents = linkedClonesOf(name, null);
        if (!dependents.isEmpty()) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " has linked clones ("
                    + String.join(", ", dependents) + ") whose disks build on its snapshots; delete them first");
        }
    }

    /** Linked clones built on {@code instance}'s snapshot {@code snapshot}, or on any of its snapshots when null. */
    List<String> linkedClonesOf(String instance, String snapshot) {
        return state.listInstances().stream()
                .filter(i -> i.origin() != null && i.origin().instance().equals(instance)
                        && (snapshot == null || i.origin().snapshot().equals(snapshot)))
                .map(Instance::name).toList();
    }

    /** At daemon start: learn what is true of every instance and re-attach to running guests. */
    public void reconcile() {
        for (Instance i : state.listInstances()) {
            try (InstanceLocks.Held held = locks.lock(i.name())) {
                if (i.profile() == null) {
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
        volumes.releaseAll(i.name());
        networks.releaseAll(i.name());
        state.deleteInstance(i.name());
        events.publish("instance-deleted", i.name(), null, "creation interrupted by a daemon restart");
    }

    public SshAccess ssh(String name) {
        Instance i = requireUp(name, "ssh");
        List<Nic> nics = networks.nicsOf(name);
        if (!nics.isEmpty()) {
            return new SshAccess(nics.getFirst().ip(), 22, i.profile().user(), daemonKey.privateKeyPath());
        }
        if (i.sshPort() == null) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + name + " has no SSH port forwarded");
        }
        return new SshAccess("127.0.0.1", i.sshPort(), i.profile().user(), daemonKey.privateKeyPath());
    }

    /**
     * What the metadata service tells the instance whose NIC has {@code ip}: the same identity,
     * keys (the daemon's included) and user-data a seed disk would carry.
     */
    public Optional<InstanceMetadata> metadata(String ip) {
        return networks.nicAt(ip).flatMap(nic -> state.findInstance(nic.instance()).map(i -> {
            List<String> keys = new ArrayList<>(i.spec().sshKeys());
            keys.add(daemonKey.publicKey());
            List<InstanceMetadata.NicInfo> infos = networks.nicsOf(i.name()).stream().map(n -> {
                Network net = networks.networkOf(n);
                return new InstanceMetadata.NicInfo(n.name(), n.mac(), n.ip(), net.subnet().toString(),
                        net.subnet().netmaskText(), net.gateway(), net.mtu(), List.of(net.gateway()));
            }).toList();
            return new InstanceMetadata(i.uuid().toString(), i.name(), nic.ip(), keys, i.spec().userData(), infos);
        }));
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

    InstancePaths pathsOf(String name) {
        return runner.paths(name);
    }

    /** Progress over a part [from, to] of the whole, with a prefix; warnings pass through. */
    static Progress scaled(Progress p, double from, double to, String prefix) {
        return new Progress() {
            @Override
            public void update(double fraction, String text) {
                p.update(fraction < 0 ? -1 : from + fraction * (to - from), prefix + text);
            }

            @Override
            public void warn(String warning) {
                p.warn(warning);
            }
        };
    }
}
