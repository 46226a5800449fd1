package dev.vireo.core.driver;

import dev.vireo.api.InstanceStatus;
import java.nio.file.Path;

/**
 * What a driver sees of an instance right now: a status, the process id if any, and why.
 * {@code rootDisk}, when the driver can tell, is the file the guest's root disk writes to: the
 * truth when the daemon died between switching it (a snapshot) and recording that.
 */
public record Observation(InstanceStatus status, Long pid, String reason, Path rootDisk) {
    public Observation(InstanceStatus status, Long pid, String reason) {
        this(status, pid, reason, null);
    }
}
