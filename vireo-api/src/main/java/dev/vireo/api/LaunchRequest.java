package dev.vireo.api;

import java.util.List;

/**
 * Body of {@code POST /v1/instances}. Sizes are strings such as "1GiB", "512M" or a byte count;
 * null fields take the image's or the daemon's defaults. {@code start=false} only defines it.
 * {@code volumes} are attached before the first boot; those with a mount path are formatted (if
 * blank) and mounted there by cloud-init. {@code networks} are the NICs, in guest order (null: one
 * NIC on the default network); {@code seed} is how cloud-init gets its data: "iso" (a NoCloud
 * seed disk, the default) or "metadata" (the metadata service at 169.254.169.254, which needs a
 * managed network).
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
        List<VolumeMount> volumes,
        List<NicRequest> networks,
        String seed) {

    public LaunchRequest(String name, String image, Integer cpus, String memory, String disk, List<String> sshKeys,
            String userData, String accel, Boolean start, Boolean waitReady) {
        this(name, image, cpus, memory, disk, sshKeys, userData, accel, start, waitReady, null);
    }

    public LaunchRequest(String name, String image, Integer cpus, String memory, String disk, List<String> sshKeys,
            String userData, String accel, Boolean start, Boolean waitReady, List<VolumeMount> volumes) {
        this(name, image, cpus, memory, disk, sshKeys, userData, accel, start, waitReady, volumes, null, null);
    }

    /** A volume to attach at launch; {@code mount} (an absolute guest path) may be null. */
    public record VolumeMount(String volume, String mount) {}
}
