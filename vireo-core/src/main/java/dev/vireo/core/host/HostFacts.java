package dev.vireo.core.host;

import java.util.Set;

/** Raw facts read from the host, before any decision. */
public record HostFacts(
        String hostname,
        String cpuModel,
        Set<String> cpuFlags,
        int cores,
        long memoryBytes,
        boolean kvmDevice,
        String kvmOpenError,
        String cgroupMode,
        String qemuVersion,
        String qemuImgVersion) {

    public HostFacts {
        cpuFlags = Set.copyOf(cpuFlags);
    }

    public boolean flag(String name) {
        return cpuFlags.contains(name);
    }
}
