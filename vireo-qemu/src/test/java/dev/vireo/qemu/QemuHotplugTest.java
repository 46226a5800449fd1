package dev.vireo.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vireo.qemu.QemuConfig.Volume;
import dev.vireo.qemu.qmp.FakeQmpServer;
import dev.vireo.qemu.qmp.QmpClient;
import dev.vireo.qemu.qmp.QmpLog;
import dev.vireo.qemu.qmp.QmpMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detach path a guest that lets go takes, against a scripted QEMU (the real-QEMU tests have no
 * guest OS to answer the unplug request).
 */
class QemuHotplugTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Volume DATA = new Volume(3, "data", Path.of("/v/data.qcow2"), "qcow2", false);

    @TempDir
    Path dir;

    private FakeQmpServer server;
    private QmpMonitor monitor;
    private final AtomicBoolean deviceGone = new AtomicBoolean();
    private final AtomicBoolean nodeGone = new AtomicBoolean();
    private final AtomicInteger blockdevDels = new AtomicInteger();

    @AfterEach
    void tearDown() throws IOException {
        if (monitor != null) {
            monitor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Like QEMU with a guest that answers at once: DEVICE_DELETED comes even before device_del's reply. */
    private String qemu(JsonNode command) {
        return switch (command.path("execute").asText()) {
            case "qom-list" -> "{\"return\": [{\"name\": \"type\", \"type\": \"string\"}, "
                    + "{\"name\": \"hp3\", \"type\": \"child<pcie-root-port>\"}"
                    + (deviceGone.get() ? "" : ", {\"name\": \"vol3-disk\", \"type\": \"child<virtio-blk-pci>\"}")
                    + "]}";
            case "query-named-block-nodes" -> nodeGone.get() ? "{\"return\": []}"
                    : "{\"return\": [{\"node-name\": \"vol3\", \"drv\": \"qcow2\"}]}";
            case "device_del" -> {
                deviceGone.set(true);
                event("DEVICE_DELETED", "{\"path\": \"/machine/peripheral/vol3-disk/virtio-backend\"}");
                event("DEVICE_DELETED", "{\"device\": \"vol3-disk\", \"path\": \"/machine/peripheral/vol3-disk\"}");
                yield "{\"return\": {}}";
            }
            case "blockdev-del" -> {
                if (blockdevDels.incrementAndGet() == 1) {
                    yield "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Node vol3 is in use\"}}";
                }
                nodeGone.set(true);
                yield "{\"return\": {}}";
            }
            default -> "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"unexpected\"}}";
        };
    }

    private void event(String name, String data) {
        try {
            server.event(name, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private QemuHotplug hotplug() throws IOException {
        server = new FakeQmpServer(dir.resolve("qmp.sock"), true, this::qemu);
        monitor = QmpMonitor.open(dir.resolve("qmp.sock"), TIMEOUT, QmpLog.none());
        return new QemuHotplug("web1", new QmpClient(monitor, TIMEOUT), TIMEOUT);
    }

    @Test
    void detachWaitsForTheDevicesOwnDeletedEventThenClosesTheNode() throws IOException {
        QemuHotplug hotplug = hotplug();
        long t0 = System.nanoTime();

        hotplug.detach(DATA, TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT);
        assertThat(server.received.stream().map(c -> c.path("execute").asText()).filter(c -> !c.startsWith("q")))
                .containsExactly("device_del", "blockdev-del", "blockdev-del");
        assertThat(nodeGone).isTrue();
    }

    @Test
    void detachAgainAfterTheDeviceWentOnlyClosesTheNode() throws IOException {
        QemuHotplug hotplug = hotplug();
        deviceGone.set(true);
        blockdevDels.set(1);

        hotplug.detach(DATA, TIMEOUT);

        assertThat(server.got("device_del")).isFalse();
        assertThat(nodeGone).isTrue();
    }
}
