package dev.vireo.core.volume;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.api.LaunchRequest;
import dev.vireo.api.PoolView;
import dev.vireo.api.Sizes;
import dev.vireo.api.VireoException;
import dev.vireo.api.VolumeView;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.event.EventBus;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceLocks;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.state.StateStore;
import dev.vireo.core.util.Names;
import dev.vireo.core.util.Reverter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage pools and block volumes: validation, locking and records; pool drivers and the
 * instance driver do the work. Lock order: the instance first, then the volume.
 */
public final class VolumeService {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);

    /** The pool every host has, of driver {@code dir}, in the state directory. */
    public static final String DEFAULT_POOL = "default";

    /** Smallest volume: anything smaller is a typo for a larger unit. */
    static final long MIN_SIZE = 1L << 20;

    private final StateStore state;
    private final Map<String, PoolDriver> drivers = new LinkedHashMap<>();
    private final InstanceDriver instances;
    private final InstanceLocks instanceLocks;
    private final InstanceLocks volumeLocks = new InstanceLocks();
    private final InstanceLocks poolLocks = new InstanceLocks();
    private final Function<String, InstancePaths> paths;
    private final EventBus events;
    private final Clock clock;

    public VolumeService(StateStore state, List<PoolDriver> drivers, InstanceDriver instances,
            InstanceLocks instanceLocks, Function<String, InstancePaths> paths, EventBus events, Clock clock) {
        this.state = state;
        drivers.forEach(d -> this.drivers.put(d.name(), d));
        this.instances = instances;
        this.instanceLocks = instanceLocks;
        this.paths = paths;
        this.events = events;
        this.clock = clock;
    }

    // ---- pools

    /** At daemon start: the default pool exists (a {@code dir} pool in {@code dir}). */
    public void ensureDefaultPool(Path dir) {
        if (state.findPool(DEFAULT_POOL).isEmpty()) {
            createPool(DEFAULT_POOL, "dir", dir.toString());
        }
    }

    public PoolView createPool(String name, String driverName, String source) {
        Names.pool(name);
        String kind = driverName == null || driverName.isBlank() ? "dir" : driverName;
        PoolDriver driver = driver(kind);
        if (kind.equals("dir") && (source == null || !Path.of(source).isAbsolute())) {
            throw VireoException.invalid("a dir pool needs an absolute --path");
        }
        if (!kind.equals("dir") && (source == null || source.isBlank())) {
            throw VireoException.invalid("an " + kind + " pool needs a volume group (--vg VG or VG/THINPOOL)");
        }
        try (InstanceLocks.Held held = poolLocks.lock(name); Reverter reverter = new Reverter()) {
            if (state.findPool(name).isPresent()) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "pool " + name + " already exists");
            }
            // before the driver runs: undoing its work on a source another pool uses would harm that pool
            refuseSharedSource(kind, kind.equals("dir") ? Path.of(source).normalize().toString() : source);
            String normalized = driver.create(name, source);
            Pool pool = new Pool(name, kind, normalized, clock.instant());
            reverter.add(() -> driver.delete(pool));
            state.insertPool(pool);
            reverter.success();
            events.publish("pool-created", name, null, kind + " " + normalized);
            return view(pool);
        }
    }

    private void refuseSharedSource(String driver, String source) {
        state.listPools().stream().filter(p -> p.driver().equals(driver) && p.source().equals(source))
                .findFirst().ifPresent(p -> {
                    throw new VireoException(ErrorCode.ALREADY_EXISTS, "pool " + p.name() + " already uses " + source);
                });
    }

    public List<PoolView> listPools() {
        return state.listPools().stream().map(this::view).toList();
    }

    public PoolView pool(String name) {
        return view(findPool(name));
    }

    public void deletePool(String name) {
        if (DEFAULT_POOL.equals(name)) {
            throw new VireoException(ErrorCode.INVALID_STATE, "the default pool cannot be deleted");
        }
        try (InstanceLocks.Held held = poolLocks.lock(name)) {
            Pool pool = findPool(name);
            List<String> inside = volumesIn(name);
            if (!inside.isEmpty()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "pool " + name + " holds volumes ("
                        + String.join(", ", inside) + "); delete them first");
            }
            driver(pool.driver()).delete(pool);
            state.deletePool(name);
            events.publish("pool-deleted", name, null, null);
        }
    }

    private List<String> volumesIn(String pool) {
        return state.listVolumes().stream().filter(v -> v.pool().equals(pool)).map(Volume::name).toList();
    }

    private PoolView view(Pool pool) {
        PoolDriver.PoolUsage usage = driver(pool.driver()).usage(pool);
        return new PoolView(pool.name(), pool.driver(), pool.source(), usage.capacityBytes(), usage.usedBytes(),
                volumesIn(pool.name()).size(), pool.createdAt());
    }

    private Pool findPool(String name) {
        return state.findPool(name).orElseThrow(() -> VireoException.notFound("pool " + name));
    }

    private PoolDriver driver(String name) {
        PoolDriver d = drivers.get(name);
        if (d == null) {
            throw VireoException.invalid("unknown pool driver '" + name + "': use " + String.join(" or ",
                    drivers.keySet()));
        }
        return d;
    }

    // ---- volumes

    /** A new empty volume. */
    public VolumeView create(String name, String size, String poolName) {
        Names.volume(name);
        if (size == null || size.isBlank()) {
            throw VireoException.invalid("no size given (e.g. --size 10GiB)");
        }
        long bytes = Sizes.parse(size);
        if (bytes < MIN_SIZE) {
            throw VireoException.invalid("volume size " + Sizes.format(bytes) + " is below the minimum of "
                    + Sizes.format(MIN_SIZE));
        }
        Pool pool = findPool(poolName == null || poolName.isBlank() ? DEFAULT_POOL : poolName);
        return make(name, pool, d -> d.createVolume(pool, name, bytes), "volume-created");
    }

    /** A copy of {@code source} (at {@code snapshot}, when given) in the same pool. */
    public VolumeView copy(String name, String source, String snapshot) {
        Names.volume(name);
        Volume from = find(source);
        if (snapshot != null) {
            requireSnapshot(from, snapshot);
        } else if (from.attached() && isUp(from.instance())) {
            throw new VireoException(ErrorCode.INVALID_STATE, "volume " + source + " is in use by running instance "
                    + from.instance() + "; copy one of its snapshots instead (--snapshot)");
        }
        Pool pool = findPool(from.pool());
        return make(name, pool, d -> d.cloneVolume(pool, source, snapshot, name), "volume-copied");
    }

    private VolumeView make(String name, Pool pool, Function<PoolDriver, BlockDevice> maker, String event) {
        PoolDriver driver = driver(pool.driver());
        try (InstanceLocks.Held held = volumeLocks.lock(name); Reverter reverter = new Reverter()) {
            if (state.findVolume(name).isPresent()) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "volume " + name + " already exists");
            }
            maker.apply(driver);
            reverter.add(() -> driver.deleteVolume(pool, name));
            Volume volume = new Volume(name, pool.name(), driver.size(pool, name), null, null, null, clock.instant());
            state.insertVolume(volume);
            reverter.success();
            events.publish(event, name, null, null);
            return view(volume);
        }
    }

    public List<VolumeView> list() {
        return state.listVolumes().stream().map(this::view).toList();
    }

    public VolumeView get(String name) {
        return view(find(name));
    }

    public void delete(String name) {
        try (InstanceLocks.Held held = volumeLocks.lock(name)) {
            Volume v = find(name);
            if (v.attached()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "volume " + name + " is attached to "
                        + v.instance() + "; detach it first");
            }
            Pool pool = findPool(v.pool());
            driver(pool.driver()).deleteVolume(pool, name);
            state.deleteVolume(name);
            events.publish("volume-deleted", name, null, null);
        }
    }

    /** Grows the volume; an attached volume of a running guest grows online and the guest sees the new size. */
    public VolumeView resize(String name, String size) {
        if (size == null || size.isBlank()) {
            throw VireoException.invalid("no size given (e.g. --size 20GiB)");
        }
        long bytes = Sizes.parse(size);
        return underLocks(name, (v, guest) -> {
            if (bytes <= v.sizeBytes()) {
                throw VireoException.invalid("volume " + name + " is " + Sizes.format(v.sizeBytes())
                        + "; volumes only grow (asked for " + Sizes.format(bytes) + ")");
            }
            Pool pool = findPool(v.pool());
            PoolDriver driver = driver(pool.driver());
            if (guest != null) {
                VolumeAttachment a = attachment(v, pool);
                if (!a.device().selfDescribing()) {
                    driver.resizeVolume(pool, name, bytes);
                }
                instances.resizeVolume(guest, paths.apply(guest.name()), a, bytes);
            } else {
                driver.resizeVolume(pool, name, bytes);
            }
            Volume grown = v.withSize(driver.size(pool, name));
            state.updateVolume(grown);
            events.publish("volume-resized", name, null, Sizes.format(grown.sizeBytes()));
            return view(grown);
        });
    }

    // ---- volume snapshots

    public VolumeView snapshot(String name, String snapshot) {
        Names.snapshot(snapshot);
        return underLocks(name, (v, guest) -> {
            if (state.listVolumeSnapshots(name).stream().anyMatch(s -> s.name().equals(snapshot))) {
                throw new VireoException(ErrorCode.ALREADY_EXISTS, "snapshot " + snapshot + " of volume " + name
                        + " already exists");
            }
            Pool pool = findPool(v.pool());
            VolumeAttachment a = openByHypervisor(v, pool, guest);
            if (a != null) {
                instances.snapshotVolume(guest, paths.apply(guest.name()), a, snapshot);
            } else {
                driver(pool.driver()).createSnapshot(pool, name, snapshot);
            }
            state.insertVolumeSnapshot(new VolumeSnapshot(name, snapshot, clock.instant()));
            return view(v);
        });
    }

    public VolumeView deleteSnapshot(String name, String snapshot) {
        return underLocks(name, (v, guest) -> {
            requireSnapshot(v, snapshot);
            Pool pool = findPool(v.pool());
            VolumeAttachment a = openByHypervisor(v, pool, guest);
            if (a != null) {
                instances.deleteVolumeSnapshot(guest, paths.apply(guest.name()), a, snapshot);
            } else {
                driver(pool.driver()).deleteSnapshot(pool, name, snapshot);
            }
            state.deleteVolumeSnapshot(name, snapshot);
            return view(v);
        });
    }

    /** Puts the volume back to a snapshot; not while a running guest uses it. */
    public VolumeView restore(String name, String snapshot) {
        return underLocks(name, (v, guest) -> {
            requireSnapshot(v, snapshot);
            if (guest != null) {
                throw new VireoException(ErrorCode.INVALID_STATE, "volume " + name + " is in use by running instance "
                        + guest.name() + "; stop it or detach the volume first");
            }
            Pool pool = findPool(v.pool());
            driver(pool.driver()).restoreSnapshot(pool, name, snapshot);
            events.publish("volume-restored", name, null, snapshot);
            return view(v);
        });
    }

    private void requireSnapshot(Volume v, String snapshot) {
        if (state.listVolumeSnapshots(v.name()).stream().noneMatch(s -> s.name().equals(snapshot))) {
            throw VireoException.notFound("snapshot " + snapshot + " of volume " + v.name());
        }
    }

    // ---- attachments

    /** Attaches the volume; hot-plugged into a running (or paused) VM, recorded only for a stopped one. */
    public VolumeView attach(String instanceName, String name, String mountPath) {
        try (InstanceLocks.Held i = instanceLocks.lock(instanceName); InstanceLocks.Held held = volumeLocks.lock(name)) {
            Instance guest = instance(instanceName);
            Volume v = find(name);
            if (v.attached()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "volume " + name + " is already attached to "
                        + v.instance());
            }
            boolean hot = requireSettled(guest, "attach a volume");
            Pool pool = findPool(v.pool());
            Volume attached = v.attachedTo(instanceName, freeSlot(instanceName), mountPath);
            VolumeAttachment a = attachment(attached, pool);
            if (hot) {
                long t0 = System.nanoTime();
                instances.attachVolume(guest, paths.apply(instanceName), a);
                LOG.info("volume {} hot-plugged into {} on slot {} in {} ms", name, instanceName, a.slot(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
            try {
                state.updateVolume(attached);
            } catch (RuntimeException e) {
                if (hot) {
                    instances.detachVolume(guest, paths.apply(instanceName), a, Duration.ofSeconds(30));
                }
                throw e;
            }
            events.publish("volume-attached", name, null, instanceName);
            return view(attached);
        }
    }

    /** Detaches the volume; a running guest must release it within {@code timeout}. */
    public VolumeView detach(String instanceName, String name, Duration timeout) {
        try (InstanceLocks.Held i = instanceLocks.lock(instanceName); InstanceLocks.Held held = volumeLocks.lock(name)) {
            Instance guest = instance(instanceName);
            Volume v = find(name);
            if (!instanceName.equals(v.instance())) {
                throw new VireoException(ErrorCode.INVALID_STATE, "volume " + name + " is not attached to "
                        + instanceName + (v.attached() ? " but to " + v.instance() : ""));
            }
            if (requireSettled(guest, "detach a volume")) {
                if (guest.status() == InstanceStatus.PAUSED) {
                    throw new VireoException(ErrorCode.INVALID_STATE, "instance " + instanceName
                            + " is paused and cannot release the volume; resume it first");
                }
                long t0 = System.nanoTime();
                instances.detachVolume(guest, paths.apply(instanceName), attachment(v, findPool(v.pool())), timeout);
                LOG.info("volume {} unplugged from {} in {} ms", name, instanceName,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            Volume detached = v.detached();
            state.updateVolume(detached);
            events.publish("volume-detached", name, null, instanceName);
            return view(detached);
        }
    }

    /**
     * Checks volumes asked for at launch before any work: each exists, is free, appears once, and
     * a mount path is absolute and plain. Returns them, or an empty list.
     */
    public List<LaunchRequest.VolumeMount> checkLaunch(List<LaunchRequest.VolumeMount> asked) {
        if (asked == null || asked.isEmpty()) {
            return List.of();
        }
        if (asked.size() > VolumeAttachment.SLOTS) {
            throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, asked.size() + " volumes asked for; an "
                    + "instance has " + VolumeAttachment.SLOTS + " volume slots");
        }
        Set<String> seen = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (LaunchRequest.VolumeMount m : asked) {
            Volume v = find(Names.volume(m == null ? null : m.volume()));
            if (!seen.add(v.name())) {
                throw VireoException.invalid("volume " + v.name() + " is given twice");
            }
            if (v.attached()) {
                throw new VireoException(ErrorCode.INVALID_STATE, "volume " + v.name() + " is already attached to "
                        + v.instance());
            }
            if (m.mount() != null && !paths.add(mountPath(m.mount()))) {
                throw VireoException.invalid("mount path " + m.mount() + " is given twice");
            }
        }
        return List.copyOf(asked);
    }

    /** A guest path for cloud-init's mounts: absolute, normalized, no whitespace or quotes, not the root. */
    static String mountPath(String path) {
        if (!MOUNT_PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.contains("//")) {
            throw VireoException.invalid("invalid mount path '" + path + "': use an absolute path such as /data"
                    + " (letters, digits, '/', '.', '_', '-')");
        }
        return path;
    }

    private static final java.util.regex.Pattern MOUNT_PATH = java.util.regex.Pattern.compile(
            "/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    /**
     * Records the volumes of an instance being created (no guest runs yet), each on the next
     * slot; callers hold the instance's lock and undo with {@link #releaseAll}.
     */
    public void attachAtLaunch(String instance, List<LaunchRequest.VolumeMount> mounts) {
        for (LaunchRequest.VolumeMount m : mounts) {
            try (InstanceLocks.Held held = volumeLocks.lock(m.volume())) {
                Volume v = find(m.volume());
                if (v.attached()) {
                    throw new VireoException(ErrorCode.INVALID_STATE, "volume " + v.name()
                            + " is already attached to " + v.instance());
                }
                state.updateVolume(v.attachedTo(instance, freeSlot(instance),
                        m.mount() == null ? null : mountPath(m.mount())));
                events.publish("volume-attached", v.name(), null, instance);
            }
        }
    }

    /** Where a VM finds a volume: udev names virtio disks by their serial, the volume's name. */
    public static String guestDevice(String volume) {
        return "/dev/disk/by-id/virtio-" + volume;
    }

    /** An ext4 label (at most 16 bytes) for a volume formatted by cloud-init. */
    public static String fsLabel(String volume) {
        return volume.length() <= 16 ? volume : volume.substring(0, 16);
    }

    /** The volumes an instance starts with. Callers hold the instance's lock. */
    public List<VolumeAttachment> attachmentsOf(String instance) {
        return attachedTo(instance).stream().map(v -> attachment(v, findPool(v.pool()))).toList();
    }

    /** Attached volumes of an instance, by slot. */
    public List<Volume> attachedTo(String instance) {
        return state.listVolumes().stream().filter(v -> instance.equals(v.instance()))
                .sorted(java.util.Comparator.comparing(Volume::slot)).toList();
    }

    /** Forgets an instance's attachments (it is being deleted; its guest is gone). Callers hold the instance's lock. */
    public void releaseAll(String instance) {
        for (Volume v : attachedTo(instance)) {
            try (InstanceLocks.Held held = volumeLocks.lock(v.name())) {
                state.updateVolume(v.detached());
                events.publish("volume-detached", v.name(), null, instance);
            }
        }
    }

    private int freeSlot(String instance) {
        Set<Integer> used = new HashSet<>();
        attachedTo(instance).forEach(v -> used.add(v.slot()));
        for (int slot = 0; slot < VolumeAttachment.SLOTS; slot++) {
            if (!used.contains(slot)) {
                return slot;
            }
        }
        throw new VireoException(ErrorCode.INSUFFICIENT_RESOURCES, "instance " + instance + " has all "
                + VolumeAttachment.SLOTS + " volume slots in use; detach one first");
    }

    /** True when the guest runs (hot-plug), false when stopped; refuses states in between. */
    private static boolean requireSettled(Instance guest, String verb) {
        return switch (guest.status()) {
            case RUNNING, PAUSED -> true;
            case STOPPED -> false;
            case STARTING, STOPPING, ERROR -> throw new VireoException(ErrorCode.INVALID_STATE, "instance "
                    + guest.name() + " is " + guest.status().label().toLowerCase(java.util.Locale.ROOT) + "; cannot "
                    + verb + " now");
        };
    }

    /** An attached volume as its instance sees it. */
    private VolumeAttachment attachment(Volume v, Pool pool) {
        return new VolumeAttachment(v.name(), driver(pool.driver()).device(pool, v.name()), v.slot());
    }

    /**
     * The attachment through which a running guest's hypervisor must change the volume (a qcow2
     * file it has open records its own snapshots), or null when the pool does it.
     */
    private VolumeAttachment openByHypervisor(Volume v, Pool pool, Instance guest) {
        if (guest == null) {
            return null;
        }
        VolumeAttachment a = attachment(v, pool);
        return a.device().selfDescribing() ? a : null;
    }

    /**
     * Runs {@code work} on the volume under its lock and, when attached, its instance's lock;
     * {@code guest} is that instance when it runs (or is paused), else null.
     */
    private <T> T underLocks(String name, VolumeWork<T> work) {
        String owner = find(name).instance();
        try (InstanceLocks.Held i = owner == null ? () -> {} : instanceLocks.lock(owner);
                InstanceLocks.Held held = volumeLocks.lock(name)) {
            Volume v = find(name);
            if (!java.util.Objects.equals(owner, v.instance())) {
                throw new VireoException(ErrorCode.BUSY, "volume " + name + " was attached or detached meanwhile; "
                        + "try again");
            }
            Instance guest = null;
            if (owner != null) {
                Instance i2 = instance(owner);
                guest = requireSettled(i2, "change an attached volume") ? i2 : null;
            }
            return work.apply(v, guest);
        }
    }

    @FunctionalInterface
    private interface VolumeWork<T> {
        T apply(Volume volume, Instance runningGuest);
    }

    private boolean isUp(String instance) {
        return state.findInstance(instance).map(i -> i.status() == InstanceStatus.RUNNING
                || i.status() == InstanceStatus.PAUSED).orElse(false);
    }

    private Instance instance(String name) {
        return state.findInstance(name).orElseThrow(() -> VireoException.notFound("instance " + name));
    }

    Volume find(String name) {
        return state.findVolume(name).orElseThrow(() -> VireoException.notFound("volume " + name));
    }

    private VolumeView view(Volume v) {
        Pool pool = findPool(v.pool());
        long allocated = driver(pool.driver()).allocated(pool, v.name());
        return new VolumeView(v.name(), v.pool(), v.sizeBytes(), allocated, v.instance(),
                v.attached() ? guestDevice(v.name()) : null, v.mountPath(),
                state.listVolumeSnapshots(v.name()).stream().map(VolumeSnapshot::name).toList(), v.createdAt());
    }
}
