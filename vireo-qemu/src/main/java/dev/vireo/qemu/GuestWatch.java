package dev.vireo.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.DriverListener;
import dev.vireo.qemu.qmp.QmpDisconnected;
import dev.vireo.qemu.qmp.QmpEvent;
import dev.vireo.qemu.qmp.QmpListener;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns one VM's QMP events into {@link DriverListener} reports: STOP/RESUME become Paused/Running;
 * SHUTDOWN remembers why QEMU is leaving, and the disconnect that follows becomes Stopped once the
 * process is really gone. Silenced while the driver itself stops the VM.
 */
final class GuestWatch implements QmpListener {
    private final String name;
    private final QemuPid pid;
    private final Duration exitWait;
    private final Consumer<GuestWatch> onGone;
    private volatile DriverListener listener;
    private volatile boolean silenced;
    private volatile String shutdownReason;

    GuestWatch(String name, QemuPid pid, DriverListener listener, Duration exitWait, Consumer<GuestWatch> onGone) {
        this.name = Objects.requireNonNull(name);
        this.pid = Objects.requireNonNull(pid);
        this.exitWait = Objects.requireNonNull(exitWait);
        this.onGone = Objects.requireNonNull(onGone);
        listenTo(listener);
    }

    void listenTo(DriverListener newListener) {
        listener = newListener != null ? newListener : (n, s, r) -> {};
    }

    /** Stops reporting: what happens next was asked for by the driver's caller. */
    void silence() {
        silenced = true;
    }

    QemuPid pid() {
        return pid;
    }

    @Override
    public void event(QmpEvent event) {
        switch (event.name()) {
            case "STOP" -> report(InstanceStatus.PAUSED, null);
            case "RESUME" -> report(InstanceStatus.RUNNING, null);
            case "SHUTDOWN" -> shutdownReason = shutdownReason(event.data());
            default -> { }
        }
    }

    @Override
    public void disconnected(QmpDisconnected cause) {
        onGone.accept(this);
        if (silenced) {
            return;
        }
        if (pid.awaitExit(exitWait)) {
            report(InstanceStatus.STOPPED, shutdownReason != null ? shutdownReason : "qemu exited");
        } else {
            report(InstanceStatus.ERROR, "lost the QMP connection to qemu (pid " + pid.pid() + "), which still runs");
        }
    }

    private void report(InstanceStatus status, String reason) {
        if (!silenced) {
            listener.observed(name, status, reason);
        }
    }

    static String shutdownReason(JsonNode data) {
        String reason = data.path("reason").asText("");
        return switch (reason) {
            case "guest-shutdown" -> "guest powered off";
            case "guest-panic" -> "guest panicked";
            case "guest-reset" -> "guest rebooted and qemu exited";
            case "host-signal" -> "qemu was stopped by a signal";
            case "host-qmp-quit" -> "qemu quit on a QMP request";
            case "host-error" -> "qemu stopped after a host error";
            default -> reason.isEmpty() ? "qemu exited" : "qemu shut down (" + reason + ")";
        };
    }
}
