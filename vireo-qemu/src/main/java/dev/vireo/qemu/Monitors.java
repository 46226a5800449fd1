package dev.vireo.qemu;

import dev.vireo.core.driver.DriverListener;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.qemu.qmp.QmpClient;
import dev.vireo.qemu.qmp.QmpLog;
import dev.vireo.qemu.qmp.QmpMonitor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one QMP connection per VM that the driver keeps (QEMU serves a single QMP client at a time:
 * a second one gets no greeting until the first leaves). Commands reuse it; without one, a
 * short-lived connection is leased.
 */
final class Monitors {
    private final QemuSettings settings;
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private final Set<String> everAttached = ConcurrentHashMap.newKeySet();

    /** A connected monitor and the watch that reports its events. */
    record Attached(QmpClient client, GuestWatch watch) {}

    /** A client for one operation; closing it closes the connection only if the lease opened it. */
    record Lease(QmpClient client, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                client.monitor().close();
            }
        }
    }

    Monitors(QemuSettings settings) {
        this.settings = settings;
    }

    /** Connects to the VM's QMP socket and reports its events to {@code listener}; replaces a previous monitor. */
    Attached attach(String name, InstancePaths paths, QemuPid pid, DriverListener listener) {
        detach(name);
        GuestWatch watch = new GuestWatch(name, pid, listener, settings.settleTimeout(),
                gone -> attached.computeIfPresent(name, (k, a) -> a.watch() == gone ? null : a));
        QmpMonitor monitor = QmpMonitor.open(paths.qmpSocket(), settings.qmpTimeout(), log(paths), watch);
        Attached entry = new Attached(new QmpClient(monitor, settings.qmpTimeout()), watch);
        attached.put(name, entry);
        everAttached.add(name);
        return entry;
    }

    Optional<Attached> get(String name) {
        Attached entry = attached.get(name);
        return entry != null && entry.client().monitor().isConnected() ? Optional.of(entry) : Optional.empty();
    }

    /** The attached client, or a fresh connection the caller must close. */
    Lease lease(String name, InstancePaths paths) {
        Optional<Attached> entry = get(name);
        if (entry.isPresent()) {
            return new Lease(entry.get().client(), false);
        }
        QmpMonitor monitor = QmpMonitor.open(paths.qmpSocket(), settings.qmpTimeout(), log(paths));
        return new Lease(new QmpClient(monitor, settings.qmpTimeout()), true);
    }

    /** Whether this driver has watched the VM at some point (so its exit was not missed while we were away). */
    boolean wasAttached(String name) {
        return everAttached.contains(name);
    }

    void silence(String name) {
        Attached entry = attached.get(name);
        if (entry != null) {
            entry.watch().silence();
        }
    }

    void detach(String name) {
        Attached entry = attached.remove(name);
        if (entry != null) {
            entry.watch().silence();
            entry.client().monitor().close();
        }
    }

    void detachAll() {
        attached.keySet().forEach(this::detach);
    }

    private QmpLog log(InstancePaths paths) {
        return QmpLog.appendingTo(paths.qmpLog(), settings.clock());
    }
}
