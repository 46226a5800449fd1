package dev.vireo.core.instance;

import java.util.List;
import java.util.Objects;

/** What the user asked for; fixed at create time. */
public record InstanceSpec(
        int cpus,
        long memoryBytes,
        long diskBytes,
        Accelerator accel,
        List<String> sshKeys,
        String userData,
        String macAddress) {

    public InstanceSpec {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be >= 1");
        }
        if (memoryBytes <= 0 || diskBytes <= 0) {
            throw new IllegalArgumentException("memory and disk must be positive");
        }
        Objects.requireNonNull(accel);
        sshKeys = List.copyOf(sshKeys);
        Objects.requireNonNull(macAddress);
    }

    /** The same spec with another MAC for the first NIC. */
    public InstanceSpec withMacAddress(String mac) {
        return new InstanceSpec(cpus, memoryBytes, diskBytes, accel, sshKeys, userData, mac);
    }
}
