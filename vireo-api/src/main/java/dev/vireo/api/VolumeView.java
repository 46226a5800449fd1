package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/**
 * A block volume. {@code instance} is set while attached, with the guest {@code device} path
 * where a VM finds it and the {@code mount} path cloud-init was asked to use.
 */
public record VolumeView(String name, String pool, long sizeBytes, long allocatedBytes, String instance,
        String device, String mount, List<String> snapshots, Instant createdAt) {}
