package dev.vireo.core.volume;

import java.time.Instant;
import java.util.Objects;

/**
 * A block volume in a pool. When attached, {@code instance} names the instance and {@code slot}
 * its hot-plug slot there; {@code mountPath}, when set, is where cloud-init formats (on first
 * use) and mounts it in a guest that boots for the first time with it.
 */
public record Volume(String name, String pool, long sizeBytes, String instance, Integer slot, String mountPath,
        Instant createdAt) {

    public Volume {
        Objects.requireNonNull(name);
        Objects.requireNonNull(pool);
        Objects.requireNonNull(createdAt);
        if ((instance == null) != (slot == null)) {
            throw new IllegalArgumentException("an attached volume has both an instance and a slot");
        }
    }

    public boolean attached() {
        return instance != null;
    }

    public Volume withSize(long bytes) {
        return new Volume(name, pool, bytes, instance, slot, mountPath, createdAt);
    }

    public Volume attachedTo(String newInstance, int newSlot, String newMountPath) {
        return new Volume(name, pool, sizeBytes, newInstance, newSlot, newMountPath, createdAt);
    }

    public Volume detached() {
        return new Volume(name, pool, sizeBytes, null, null, null, createdAt);
    }
}
