package dev.vireo.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Slow work: {@code status} is running, success or failure; {@code error} is set on failure.
 * {@code warnings} lists what the work could not do but did not fail for (e.g. hardware an import skipped).
 */
public record OperationView(
        String id,
        String description,
        String status,
        double progress,
        String progressText,
        Map<String, String> resources,
        ErrorBody error,
        Instant createdAt,
        Instant updatedAt,
        List<String> warnings) {

    public OperationView {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public boolean done() {
        return !"running".equals(status);
    }
}
