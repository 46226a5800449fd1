package dev.vireo.core.guest;

import java.util.List;

/** What an edit did ({@code changes}, e.g. "new /etc/machine-id") and what it could not do ({@code warnings}). */
public record GuestEdit(List<String> changes, List<String> warnings) {
    public GuestEdit {
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
    }
}
