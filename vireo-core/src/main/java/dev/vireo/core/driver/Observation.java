package dev.vireo.core.driver;

import dev.vireo.api.InstanceStatus;

/** What a driver sees of an instance right now: a status, the process id if any, and why. */
public record Observation(InstanceStatus status, Long pid, String reason) {}
