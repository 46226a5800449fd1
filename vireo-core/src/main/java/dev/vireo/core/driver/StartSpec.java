package dev.vireo.core.driver;

import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstancePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a driver needs to start an instance: the accelerator is already resolved (KVM or
 * TCG), {@code rootDisk} is the absolute path of the disk's writable top layer, and
 * {@code savedState}, when set, is RAM and device state to resume from instead of booting;
 * {@code volumes} are attached at boot, each on its slot.
 */
public record StartSpec(Instance instance, InstancePaths paths, Path rootDisk, Accelerator accelerator, int sshPort,
        Path savedState, List<VolumeAttachment> volumes) {

    public StartSpec(Instance instance, InstancePaths paths, Path rootDisk, Accelerator accelerator, int sshPort,
            Path savedState) {
        this(instance, paths, rootDisk, accelerator, sshPort, savedState, List.of());
    }

    public StartSpec {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(instance.profile(), "instance has no guest profile");
        Objects.requireNonNull(paths);
        Objects.requireNonNull(rootDisk);
        Objects.requireNonNull(accelerator);
        volumes = List.copyOf(volumes);
    }
}
