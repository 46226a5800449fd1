package dev.vireo.qemu;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.qemu.QemuConfig.Volume;
import dev.vireo.qemu.qmp.QmpClient;
import dev.vireo.qemu.qmp.QmpError;
import dev.vireo.qemu.qmp.QmpEvent;
import dev.vireo.qemu.qmp.QmpEventWait;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes of a running VM over QMP: a block node {@code vol<slot>} under a virtio-blk device on
 * root port {@code hp<slot>}. q35's root ports use native PCIe hotplug, so removal is a press of
 * the slot's attention button that the guest answers (Linux pciehp after a 5 s grace period).
 */
final class QemuHotplug {
    private static final Logger LOG = LoggerFactory.getLogger(QemuHotplug.class);

    private final String instance;
    private final QmpClient client;
    private final Duration settle;

    QemuHotplug(String instance, QmpClient client, Duration settle) {
        this.instance = instance;
        this.client = client;
        this.settle = settle;
    }

    /** blockdev-add then device_add; a failed device_add closes the node again. */
    void attach(Volume v) {
        Set<String> devices = client.deviceIds();
        if (!devices.contains(v.port())) {
            throw new VireoException(ErrorCode.INVALID_STATE, "instance " + instance
                    + " was started without hot-plug port " + v.port() + "; restart it to attach volumes");
        }
        if (devices.contains(v.deviceId())) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "instance " + instance + ": hot-plug slot "
                    + v.slot() + " already holds a volume");
        }
        if (client.nodeNames().contains(v.node())) {
            // Left by a detach whose device went but whose node did not: its options may differ, so reopen.
            LOG.info("{}: closing leftover block node {} before attaching {}", instance, v.node(), v.serial());
            client.blockdevDel(v.node());
        }
        long t0 = System.nanoTime();
        client.blockdevAdd(v.blockdev());
        try {
            client.deviceAdd(v.device());
        } catch (QmpError e) {
            closeQuietly(v.node());
            throw e;
        }
        LOG.info("{}: volume {} attached on {} in {} ms", instance, v.serial(), v.port(), millisSince(t0));
    }

    /** device_del, DEVICE_DELETED within {@code timeout}, then blockdev-del; safe to repeat. */
    void detach(Volume v, Duration timeout) {
        String id = v.deviceId();
        if (client.deviceIds().contains(id)) {
            long t0 = System.nanoTime();
            try (QmpEventWait deleted = client.monitor().expect("DEVICE_DELETED",
                    e -> id.equals(e.data().path("device").asText()))) {
                if (requestRemoval(id) && !released(deleted, id, timeout)) {
                    throw new VireoException(ErrorCode.TIMEOUT, "instance " + instance + ": guest did not release "
                            + "volume " + v.serial() + " within " + timeout.toSeconds() + " s; it stays attached");
                }
            }
            LOG.info("{}: guest released volume {} in {} ms", instance, v.serial(), millisSince(t0));
        }
        if (client.nodeNames().contains(v.node())) {
            closeNode(v.node());
        }
    }

    /** False when the device was already gone. */
    private boolean requestRemoval(String id) {
        try {
            client.deviceDel(id);
            return true;
        } catch (QmpError e) {
            if (e.errorClass().equals("DeviceNotFound")) {
                return false;
            }
            throw e;
        }
    }

    private boolean released(QmpEventWait deleted, String id, Duration timeout) {
        QmpEvent event = deleted.await(timeout);
        // The event may have gone to another connection (a monitor that was replaced meanwhile).
        return event != null || !client.deviceIds().contains(id);
    }

    /** Right after DEVICE_DELETED the device may still hold the node for a moment. */
    private void closeNode(String node) {
        QmpError[] inUse = {null};
        boolean closed = Poll.until(() -> {
            try {
                client.blockdevDel(node);
                return true;
            } catch (QmpError e) {
                if (!e.desc().contains("in use")) {
                    throw e;
                }
                inUse[0] = e;
                return false;
            }
        }, settle);
        if (!closed) {
            throw inUse[0];
        }
    }

    void resize(Volume v, long sizeBytes) {
        client.blockResize(v.node(), sizeBytes);
    }

    void snapshot(Volume v, String name) {
        requireQcow2(v, "snapshot");
        client.snapshotInternal(v.node(), name);
    }

    void deleteSnapshot(Volume v, String name) {
        requireQcow2(v, "delete a snapshot of");
        client.deleteSnapshotInternal(v.node(), name);
    }

    private void requireQcow2(Volume v, String verb) {
        if (!v.format().equals("qcow2")) {
            throw VireoException.invalid("volume " + v.serial() + " is " + v.format()
                    + "; only qcow2 volumes have internal snapshots, cannot " + verb + " it");
        }
    }

    private void closeQuietly(String node) {
        try {
            client.blockdevDel(node);
        } catch (QmpError e) {
            LOG.warn("{}: cannot close block node {} after a failed attach: {}", instance, node, e.getMessage());
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
