package dev.vireo.core.fakes;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.DriverListener;
import dev.vireo.core.driver.InstanceDriver;
import dev.vireo.core.driver.Observation;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.driver.VolumeAttachment;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An InstanceDriver with guests that are only map entries. Records every call; start makes a
 * guest Running with a fake pid and appends {@link #serialOnStart} to the serial log (so a
 * readiness marker can be found); tests can make calls fail, hold them at a {@link Gate}, and
 * make a guest die with or without telling the listener. {@link #observe} reports a dead guest's
 * reason, as a driver reading the exit status would.
 */
public final class FakeDriver implements InstanceDriver {
    private FakeStoragePool pool = new FakeStoragePool();
    private final java.util.Map<String, java.nio.file.Path> rootDisks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Makes observe report that the guest's root disk writes to {@code file}, as QEMU's query-block would. */
    public void reportRootDisk(String name, java.nio.file.Path file) {
        rootDisks.put(name, file);
    }

    /** The pool whose fake layers snapshots write. */
    public FakeDriver onPool(FakeStoragePool storage) {
        this.pool = storage;
        return this;
    }

    /** One call: method name, instance name and, for stop, whether it was forced. */
    public record Call(String method, String instance, boolean force) {}

    private record Guest(InstanceStatus status, long pid, DriverListener listener) {
        Guest with(InstanceStatus newStatus) {
            return new Guest(newStatus, pid, listener);
        }
    }

    private final Map<String, Set<String>> plugged = new ConcurrentHashMap<>();
    private final Set<String> tracking = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Guest> guests = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Call> calls = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<StartSpec> starts = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong nextPid = new AtomicLong(4242);
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final Map<String, String> deaths = new ConcurrentHashMap<>();
    private volatile String serialOnStart = "[fake] booting\n" + FakeImageStore.READY_LINE + "\n";

    @Override
    public String type() {
        return "vm";
    }

    @Override
    public Observation start(StartSpec spec, DriverListener listener) {
        String name = spec.instance().name();
        return call("start", name, false, () -> {
            starts.add(spec);
            if (!serialOnStart.isEmpty()) {
                append(spec.paths(), serialOnStart);
            }
            long pid = nextPid.getAndIncrement();
            deaths.remove(name);
            guests.put(name, new Guest(InstanceStatus.RUNNING, pid, listener));
            return new Observation(InstanceStatus.RUNNING, pid, null);
        });
    }

    @Override
    public void stop(Instance instance, InstancePaths paths, Duration timeout, boolean force) {
        call("stop", instance.name(), force, () -> guests.remove(instance.name()));
    }

    @Override
    public void pause(Instance instance, InstancePaths paths) {
        call("pause", instance.name(), false, () -> guests.computeIfPresent(instance.name(),
                (n, g) -> g.with(InstanceStatus.PAUSED)));
    }

    @Override
    public void resume(Instance instance, InstancePaths paths) {
        call("resume", instance.name(), false, () -> guests.computeIfPresent(instance.name(),
                (n, g) -> g.with(InstanceStatus.RUNNING)));
    }

    @Override
    public Observation observe(Instance instance, InstancePaths paths) {
        return call("observe", instance.name(), false, () -> {
            Guest g = guests.get(instance.name());
            return g == null ? new Observation(InstanceStatus.STOPPED, null, deaths.get(instance.name()))
                    : new Observation(g.status(), g.pid(), null, rootDisks.get(instance.name()));
        });
    }

    @Override
    public void watch(Instance instance, InstancePaths paths, DriverListener listener) {
        call("watch", instance.name(), false, () -> guests.computeIfPresent(instance.name(),
                (n, g) -> new Guest(g.status(), g.pid(), listener)));
    }

    /** Writes the new top layer as a fake overlay of the instance's current top, as QEMU would. */
    @Override
    public long snapshotDisk(Instance instance, InstancePaths paths, java.nio.file.Path newTop) {
        return call("snapshotDisk", instance.name(), false, () -> {
            requireUp(instance.name());
            pool.createOverlay(paths.file(instance.rootDisk()).toAbsolutePath(), newTop);
            return 0L;
        });
    }

    @Override
    public void snapshotWithMemory(Instance instance, InstancePaths paths, java.nio.file.Path newTop,
            java.nio.file.Path stateFile) {
        call("snapshotWithMemory", instance.name(), false, () -> {
            requireUp(instance.name());
            pool.createOverlay(paths.file(instance.rootDisk()).toAbsolutePath(), newTop);
            try {
                java.nio.file.Files.writeString(stateFile, "memory of " + instance.name() + "\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
    }

    /** Relinks the fake layer as QEMU's block-stream job would; recorded as a "streamInto" call. */
    @Override
    public void streamInto(Instance instance, InstancePaths paths, java.nio.file.Path layer,
            java.nio.file.Path newBase) {
        call("streamInto", instance.name(), false, () -> {
            requireUp(instance.name());
            pool.relink(layer, newBase);
            return null;
        });
    }

    @Override
    public void attachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume) {
        call("attachVolume", instance.name(), false, () -> {
            requireUp(instance.name());
            plugged.computeIfAbsent(instance.name(), n -> ConcurrentHashMap.newKeySet()).add(volume.volume());
            return null;
        });
    }

    @Override
    public void detachVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, Duration timeout) {
        call("detachVolume", instance.name(), false, () -> {
            requireUp(instance.name());
            plugged.getOrDefault(instance.name(), Set.of()).remove(volume.volume());
            return null;
        });
    }

    @Override
    public void resizeVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, long sizeBytes) {
        call("resizeVolume", instance.name(), false, () -> {
            requireUp(instance.name());
            return null;
        });
    }

    @Override
    public void snapshotVolume(Instance instance, InstancePaths paths, VolumeAttachment volume, String snapshot) {
        call("snapshotVolume", instance.name(), false, () -> {
            requireUp(instance.name());
            return null;
        });
    }

    @Override
    public void deleteVolumeSnapshot(Instance instance, InstancePaths paths, VolumeAttachment volume,
            String snapshot) {
        call("deleteVolumeSnapshot", instance.name(), false, () -> {
            requireUp(instance.name());
            return null;
        });
    }

    /** Writes the fake backup target's content; incremental needs a previous full backup of the same guest run. */
    @Override
    public BackupResult backupRootDisk(Instance instance, InstancePaths paths, java.nio.file.Path target,
            boolean incremental) {
        return call("backupRootDisk", instance.name(), false, () -> {
            requireUp(instance.name());
            if (incremental && !tracking.contains(instance.name())) {
                throw new dev.vireo.api.VireoException(dev.vireo.api.ErrorCode.INVALID_STATE,
                        "no change tracking since the last full backup");
            }
            tracking.add(instance.name());
            append(target, "backup of " + instance.name() + (incremental ? " (incremental)\n" : "\n"));
            return new BackupResult(1, 0);
        });
    }

    /** Volumes the fake guest has plugged in now. */
    public Set<String> plugged(String instance) {
        return Set.copyOf(plugged.getOrDefault(instance, Set.of()));
    }

    /** Forgets change tracking, as a disk snapshot or an unclean stop does. */
    public void loseTracking(String instance) {
        tracking.remove(instance);
    }

    private void requireUp(String name) {
        if (!guests.containsKey(name)) {
            throw new IllegalStateException("fake guest " + name + " is not running");
        }
    }

    @Override
    public void detachAll() {
        calls.add(new Call("detachAll", null, false));
        guests.replaceAll((n, g) -> new Guest(g.status(), g.pid(), null));
    }

    // ---- what tests set up

    /** Makes every later call of {@code method} ("start", "stop", ...) throw {@code failure}. */
    public FakeDriver failOn(String method, RuntimeException failure) {
        failures.put(method, failure);
        return this;
    }

    public FakeDriver succeedOn(String method) {
        failures.remove(method);
        return this;
    }

    /** Holds the next call of {@code method} until the returned gate opens. */
    public Gate hold(String method) {
        Gate gate = new Gate();
        gates.put(method, gate);
        return gate;
    }

    /** Text appended to the serial log at each start; empty to write nothing. */
    public FakeDriver serialOnStart(String text) {
        serialOnStart = text;
        return this;
    }

    /** A guest that runs without this driver having started it (e.g. before a daemon restart). */
    public long adopt(String name, InstanceStatus status) {
        long pid = nextPid.getAndIncrement();
        guests.put(name, new Guest(status, pid, null));
        return pid;
    }

    /** The guest's process exits and the driver tells its listener, as a QMP SHUTDOWN/EOF would. */
    public void guestDies(String name, String reason) {
        deaths.put(name, reason);
        Guest g = guests.remove(name);
        if (g != null && g.listener() != null) {
            g.listener().observed(name, InstanceStatus.STOPPED, reason);
        }
    }

    /** The guest's process exits while nobody listens (the daemon was down). */
    public void guestDiesUnobserved(String name, String reason) {
        deaths.put(name, reason);
        guests.remove(name);
    }

    // ---- what tests look at

    /** The guest's status as the fake hypervisor sees it; Stopped when it has no process. */
    public InstanceStatus status(String name) {
        Guest g = guests.get(name);
        return g == null ? InstanceStatus.STOPPED : g.status();
    }

    public Long pid(String name) {
        Guest g = guests.get(name);
        return g == null ? null : g.pid();
    }

    /** Names of guests that have a process (Running or Paused). */
    public Set<String> guests() {
        return Set.copyOf(guests.keySet());
    }

    public boolean listening(String name) {
        Guest g = guests.get(name);
        return g != null && g.listener() != null;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Method names of the calls for one instance, in order, without observe/watch. */
    public List<String> actions(String name) {
        return calls.stream().filter(c -> name.equals(c.instance()))
                .map(Call::method).filter(m -> !m.equals("observe") && !m.equals("watch"))
                .collect(Collectors.toList());
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public List<StartSpec> starts() {
        return List.copyOf(starts);
    }

    /** The most driver calls that ever ran at once for a single instance. */
    public int maxConcurrentCallsPerInstance() {
        return maxInFlight.get();
    }

    private <T> T call(String method, String name, boolean force, java.util.function.Supplier<T> body) {
        calls.add(new Call(method, name, force));
        AtomicInteger counter = inFlight.computeIfAbsent(name, n -> new AtomicInteger());
        maxInFlight.accumulateAndGet(counter.incrementAndGet(), Math::max);
        try {
            Gate gate = gates.remove(method);
            if (gate != null) {
                gate.pass();
            }
            RuntimeException failure = failures.get(method);
            if (failure != null) {
                throw failure;
            }
            return body.get();
        } finally {
            counter.decrementAndGet();
        }
    }

    private static void append(InstancePaths paths, String text) {
        append(paths.serialLog(), text);
    }

    private static void append(java.nio.file.Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
