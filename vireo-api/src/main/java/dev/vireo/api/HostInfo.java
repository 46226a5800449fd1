package dev.vireo.api;

/** What {@code vireo host info} shows: the host's facts and the accelerator chosen, with why. */
public record HostInfo(
        String hostname,
        String cpuModel,
        int cores,
        long memoryBytes,
        boolean lm,
        boolean vmx,
        boolean svm,
        boolean hypervisor,
        boolean kvmDevice,
        boolean kvmUsable,
        String accelerator,
        String reason,
        String cgroupMode,
        String qemuVersion,
        String qemuImgVersion,
        String vireoVersion,
        String stateDir) {}
