package dev.vireo.core.driver;

import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.network.Nic;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a driver needs to start an instance: the accelerator is already resolved (KVM or
 * TCG), {@code rootDisk} is the absolute path of the disk's writable top layer, and
 * {@code savedState}, when set, is RAM and device state to resume from instead of booting;
 * {@code volumes} are attached at boot, each on its slot. {@code nics} are the NICs on managed
 * networks, in guest order, each on its host device; with none the guest gets one user-mode NIC
 * with its SSH port forwarded to {@code 127.0.0.1:sshPort}.
 */
public record StartSpec(Instance instance, InstancePaths paths, Path rootDisk, Accelerator accelerator, int sshPort,
        Path savedState, List<VolumeAttachment> volumes, List<Nic> nics) {

    public StartSpec(Instance instance, InstancePaths paths, Path rootDisk, Accelerator accelerator, int sshPort,
            Path savedState) {
        this(instance, paths, rootDisk, accelerator, sshPort, savedState, List.of(), List.of());
    }

    public StartSpec {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(instance.profile(), "instance has no guest profile");
        Objects.requireNonNull(paths);
        Objects.requireNonNull(rootDisk);
        Objects.requireNonNull(accelerator);
        volumes = List.copyOf(volumes);
        nics = List.copyOf(nics);
    }
}
