package dev.vireo.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

/** One typed method per QMP command used by Vireo, each with the client's default timeout. */
public final class QmpClient {
    private final QmpMonitor monitor;
    private final Duration timeout;

    public QmpClient(QmpMonitor monitor, Duration timeout) {
        this.monitor = Objects.requireNonNull(monitor);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public QmpMonitor monitor() {
        return monitor;
    }

    public QmpStatus queryStatus() {
        JsonNode reply = run("query-status", null);
        return new QmpStatus(reply.path("running").asBoolean(), reply.path("status").asText("unknown"));
    }

    /** Pauses all vCPUs. */
    public void stop() {
        run("stop", null);
    }

    /** Resumes all vCPUs. */
    public void cont() {
        run("cont", null);
    }

    /** Presses the ACPI power button; the guest decides whether to shut down. */
    public void systemPowerdown() {
        run("system_powerdown", null);
    }

    /** Asks QEMU to exit now. QEMU may close the socket before its reply arrives; that counts as done. */
    public void quit() {
        try {
            run("quit", null);
        } catch (QmpDisconnected e) {
            // The socket closing is how QEMU says it is leaving.
        }
    }

    /** Escape hatch for commands without a typed method yet; returns the {@code return} member. */
    public JsonNode execute(String command, ObjectNode arguments) {
        return run(command, arguments);
    }

    private JsonNode run(String command, ObjectNode arguments) {
        return monitor.execute(command, arguments, timeout);
    }
}
