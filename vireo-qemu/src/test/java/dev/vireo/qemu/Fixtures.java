package dev.vireo.qemu;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.driver.StartSpec;
import dev.vireo.core.instance.GuestProfile;
import dev.vireo.core.instance.InstancePaths;
import dev.vireo.core.instance.Accelerator;
import dev.vireo.core.instance.Instance;
import dev.vireo.core.instance.InstanceSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Instances and images for tests. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static Instance instance(String name, UUID uuid, int cpus, long memoryBytes, String mac) {
        InstanceSpec spec = new InstanceSpec(cpus, memoryBytes, 1L << 30, Accelerator.AUTO, List.of(), null, mac);
        return new Instance(name, uuid, "vm", "debian/12", "sha256:abc", spec, InstanceStatus.STOPPED, null, null,
                null, null, CREATED, new GuestProfile(null, null, null, "login:", true, "debian"), "root.qcow2", null);
    }

    /** What QEMU is asked to start: {@code instance} booting {@code kernel} (firmware when null) from {@code disk}. */
    static StartSpec start(Instance instance, InstancePaths paths, Path disk, Path kernel, Path initrd, String cmdline,
            Accelerator accel, int sshPort) {
        Instance withBoot = new Instance(instance.name(), instance.uuid(), instance.type(), instance.image(),
                instance.imageFingerprint(), instance.spec(), instance.status(), instance.statusReason(),
                instance.pid(), instance.sshPort(), instance.accelerator(), instance.createdAt(),
                new GuestProfile(kernel, initrd, cmdline, "login:", true, "debian"), disk.getFileName().toString(),
                null);
        return new StartSpec(withBoot, paths, disk, accel, sshPort, null);
    }
}
