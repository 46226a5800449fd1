package dev.vireo.api;

import java.time.Instant;
import java.util.List;

/** An instance as the API shows it. {@code type} is "vm" (containers come later). */
public record InstanceView(
        String name,
        String uuid,
        String type,
        InstanceStatus status,
        String statusReason,
        String image,
        int cpus,
        long memoryBytes,
        long diskBytes,
        String accelerator,
        List<String> addresses,
        SshEndpoint ssh,
        Long pid,
        Instant createdAt,
        List<NicView> nics) {}
