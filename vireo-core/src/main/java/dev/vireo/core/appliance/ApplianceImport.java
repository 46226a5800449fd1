package dev.vireo.core.appliance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A verified appliance, ready to become an instance. {@code disks} are standalone qcow2 files
 * in the work dir, the first one the boot disk. {@code macAddresses} holds one entry per NIC
 * (null where the OVF gave none). {@code warnings} names each hardware item that was not mapped.
 */
public record ApplianceImport(
        String name,
        int cpus,
        long memoryBytes,
        List<Path> disks,
        List<String> macAddresses,
        Path kernel,
        Path initrd,
        String cmdline,
        List<String> warnings) {

    public ApplianceImport {
        Objects.requireNonNull(name);
        disks = List.copyOf(disks);
        macAddresses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(macAddresses));
        warnings = List.copyOf(warnings);
    }
}
