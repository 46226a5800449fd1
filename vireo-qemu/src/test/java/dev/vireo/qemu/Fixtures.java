package dev.vireo.qemu;

import dev.vireo.api.InstanceStatus;
import dev.vireo.core.image.Image;
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
                null, null, CREATED);
    }

    static Image image(Path disk, Path kernel, Path initrd, String cmdline) {
        return new Image("debian/12", "sha256:abc", "qcow2", disk, kernel, initrd, cmdline, 1L << 20, 2L << 30,
                "test", "login:", true, CREATED);
    }
}
