package dev.vireo.core.driver;

import dev.vireo.api.InstanceStatus;

/** Drivers report changes they observe (guest paused, process exited) without being asked. */
@FunctionalInterface
public interface DriverListener {
    void observed(String instance, InstanceStatus status, String reason);
}
