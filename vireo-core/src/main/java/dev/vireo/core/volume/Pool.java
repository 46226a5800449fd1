package dev.vireo.core.volume;

import java.time.Instant;
import java.util.Objects;

/** A storage pool: where volumes live. {@code source} is the directory or {@code VG/THINPOOL}. */
public record Pool(String name, String driver, String source, Instant createdAt) {
    public Pool {
        Objects.requireNonNull(name);
        Objects.requireNonNull(driver);
        Objects.requireNonNull(source);
        Objects.requireNonNull(createdAt);
    }
}
