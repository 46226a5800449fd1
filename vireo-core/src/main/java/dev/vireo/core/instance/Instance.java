package dev.vireo.core.instance;

import dev.vireo.api.InstanceStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An instance: intent (spec) plus the last observed facts (status, pid, ssh port, accelerator).
 * {@code image} says where it came from (an image alias, or the appliance it was imported from);
 * {@code imageFingerprint} is the image whose disk backs its root disk's chain (null when the
 * disk stands alone). {@code profile} is null only while a launch is still creating it.
 * {@code rootDisk} is the file name, in the instance's directory, of the disk's writable top layer.
 * {@code origin} is set on a linked clone: the snapshot whose layer backs its disk.
 */
public record Instance(
        String name,
        UUID uuid,
        String type,
        String image,
        String imageFingerprint,
        InstanceSpec spec,
        InstanceStatus status,
        String statusReason,
        Long pid,
        Integer sshPort,
        Accelerator accelerator,
        Instant createdAt,
        GuestProfile profile,
        String rootDisk,
        Origin origin) {

    /** A linked clone's source: instance and snapshot. */
    public record Origin(String instance, String snapshot) {
        public Origin {
            Objects.requireNonNull(instance);
            Objects.requireNonNull(snapshot);
        }
    }

    public Instance {
        Objects.requireNonNull(name);
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(type);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(status);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(rootDisk);
    }

    public Instance withStatus(InstanceStatus newStatus, String reason) {
        return new Instance(name, uuid, type, image, imageFingerprint, spec, newStatus, reason, pid, sshPort,
                accelerator, createdAt, profile, rootDisk, origin);
    }

    /** The same instance with other hardware (only while it is stopped). */
    public Instance withSpec(InstanceSpec newSpec) {
        return new Instance(name, uuid, type, image, imageFingerprint, newSpec, status, statusReason, pid, sshPort,
                accelerator, createdAt, profile, rootDisk, origin);
    }

    /** The same instance writing to another top layer (after a snapshot or a restore). */
    public Instance withRootDisk(String newRootDisk) {
        return new Instance(name, uuid, type, image, imageFingerprint, spec, status, statusReason, pid, sshPort,
                accelerator, createdAt, profile, newRootDisk, origin);
    }

    public Instance withRuntime(Long newPid, Integer newSshPort, Accelerator newAccel) {
        return new Instance(name, uuid, type, image, imageFingerprint, spec, status, statusReason, newPid, newSshPort,
                newAccel, createdAt, profile, rootDisk, origin);
    }
}
