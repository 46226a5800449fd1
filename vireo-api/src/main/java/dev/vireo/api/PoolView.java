package dev.vireo.api;

import java.time.Instant;

/** A storage pool: its driver ({@code dir}, {@code lvm-thin}), source, capacity and use, and how many volumes it holds. */
public record PoolView(String name, String driver, String source, long capacityBytes, long usedBytes, int volumes,
        Instant createdAt) {}
