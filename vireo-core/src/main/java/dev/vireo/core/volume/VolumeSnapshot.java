package dev.vireo.core.volume;

import java.time.Instant;
import java.util.Objects;

/** A point-in-time copy of a volume, kept by its pool (qcow2 internal snapshot or LVM thin snapshot). */
public record VolumeSnapshot(String volume, String name, Instant createdAt) {
    public VolumeSnapshot {
        Objects.requireNonNull(volume);
        Objects.requireNonNull(name);
        Objects.requireNonNull(createdAt);
    }
}
