package dev.vireo.network;

/** Whether tests may use the real kernel: root and the tools present. */
final class RealHost {
    private RealHost() {}

    static boolean usable() {
        return HostRequirements.unavailableReason() == null && HostRequirements.onPath("busybox");
    }
}
