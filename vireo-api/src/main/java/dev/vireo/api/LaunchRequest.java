package dev.vireo.api;

import java.util.List;

/**
 * Body of {@code POST /v1/instances}. Sizes are strings such as "1GiB", "512M" or a byte count;
 * null fields take the image's or the daemon's defaults. {@code start=false} only defines it.
 * {@code volumes} are attached before the first boot; those with a mount path are formatted (if
 * blank) and mounted there by cloud-init.
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
        Boolean waitReady,
        List<VolumeMount> volumes) {

    public LaunchRequest(String name, String image, Integer cpus, String memory, String disk, List<String> sshKeys,
            String userData, String accel, Boolean start, Boolean waitReady) {
        this(name, image, cpus, memory, disk, sshKeys, userData, accel, start, waitReady, null);
    }

    /** A volume to attach at launch; {@code mount} (an absolute guest path) may be null. */
    public record VolumeMount(String volume, String mount) {}
}
