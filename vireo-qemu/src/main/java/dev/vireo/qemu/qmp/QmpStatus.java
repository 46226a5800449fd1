package dev.vireo.qemu.qmp;

import java.util.Objects;
import java.util.Set;

/** The answer to {@code query-status}: whether vCPUs run, and QEMU's run state (running, paused, shutdown...). */
public record QmpStatus(boolean running, String status) {
    // Run states in which the guest is intact but its vCPUs are stopped.
    private static final Set<String> PAUSED_STATES = Set.of("paused", "suspended", "prelaunch", "inmigrate",
            "postmigrate", "finish-migrate", "save-vm", "restore-vm", "debug");

    public QmpStatus {
        Objects.requireNonNull(status);
    }

    public boolean paused() {
        return !running && PAUSED_STATES.contains(status);
    }
}
