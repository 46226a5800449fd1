package dev.vireo.core.appliance;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an export writes: the instance's hardware and its root disk (the top of a qcow2 chain,
 * read as one disk). {@code kernel}/{@code initrd}/{@code cmdline} are set for direct-kernel-boot
 * guests and travel in a Vireo section of the OVF that other tools may ignore.
 */
public record ApplianceExport(
        String name,
        String description,
        int cpus,
        long memoryBytes,
        String macAddress,
        Path disk,
        long diskCapacityBytes,
        Path kernel,
        Path initrd,
        String cmdline) {

    public ApplianceExport {
        Objects.requireNonNull(name);
        Objects.requireNonNull(macAddress);
        Objects.requireNonNull(disk);
    }
}
