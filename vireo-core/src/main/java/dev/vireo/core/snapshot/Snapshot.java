package dev.vireo.core.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of an instance: {@code disk} is the file name (in the instance's directory) of the
 * frozen qcow2 layer that holds the disk as it was; {@code memoryState} the file of saved RAM and
 * device state (null for a disk-only snapshot), valid only for the {@code hardware} it was taken on.
 * {@code live} when the guest was running.
 */
public record Snapshot(
        String instance,
        String name,
        String disk,
        String memoryState,
        String hardware,
        boolean live,
        Instant createdAt) {

    public Snapshot {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(name);
        Objects.requireNonNull(disk);
        Objects.requireNonNull(createdAt);
    }

    public boolean withMemory() {
        return memoryState != null;
    }
}
