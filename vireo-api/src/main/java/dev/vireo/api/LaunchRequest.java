package dev.vireo.api;

import java.util.List;

/**
 * Body of {@code POST /v1/instances}. Sizes are strings such as "1GiB", "512M" or a byte count;
 * null fields take the image's or the daemon's defaults. {@code start=false} only defines it.
 */
public record LaunchRequest(
        String name,
        String image,
        Integer cpus,
        String memory,
        String disk,
        List<String> sshKeys,
        String userData,
        String accel,
        Boolean start,
        Boolean waitReady) {}
