package dev.vireo.core.instance;

import dev.vireo.api.InstanceStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An instance: intent (spec) plus the last observed facts (status, pid, ssh port, accelerator).
 * {@code image} is the alias it was created from, {@code imageFingerprint} pins the exact image.
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
        Instant createdAt) {

    public Instance {
        Objects.requireNonNull(name);
        Objects.requireNonNull(uuid);
        Objects.requireNonNull(type);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(status);
        Objects.requireNonNull(createdAt);
    }

    public Instance withStatus(InstanceStatus newStatus, String reason) {
        return new Instance(name, uuid, type, image, imageFingerprint, spec, newStatus, reason, pid, sshPort,
                accelerator, createdAt);
    }

    public Instance withRuntime(Long newPid, Integer newSshPort, Accelerator newAccel) {
        return new Instance(name, uuid, type, image, imageFingerprint, spec, status, statusReason, newPid, newSshPort,
                newAccel, createdAt);
    }
}
