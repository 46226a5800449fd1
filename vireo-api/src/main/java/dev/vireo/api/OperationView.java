package dev.vireo.api;

import java.time.Instant;
import java.util.Map;

/** Slow work: {@code status} is running, success or failure; {@code error} is set on failure. */
public record OperationView(
        String id,
        String description,
        String status,
        double progress,
        String progressText,
        Map<String, String> resources,
        ErrorBody error,
        Instant createdAt,
        Instant updatedAt) {

    public boolean done() {
        return !"running".equals(status);
    }
}
