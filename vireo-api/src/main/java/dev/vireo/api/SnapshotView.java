package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot as the API shows it. {@code memory} when RAM and device state were saved too;
 * {@code live} when it was taken from a running guest; {@code sizeBytes} is the space its files
 * take; {@code clones} names the linked clones that depend on it (it cannot be deleted while any do).
 */
public record SnapshotView(
        String name,
        String instance,
        boolean memory,
        boolean live,
        long sizeBytes,
        List<String> clones,
        Instant createdAt) {}
