package dev.vireo.qemu.qmp;

/** Receives a monitor's events in order, on a thread of the monitor's own (never its reader). */
public interface QmpListener {
    void event(QmpEvent event);

    /** The connection broke without {@link QmpMonitor#close()} being called. */
    default void disconnected(QmpDisconnected cause) {}
}
