package dev.vireo.api;

/** Body of {@code POST /v1/backups/restore}: the backup {@code file} (absolute path) becomes instance {@code name}. */
public record RestoreRequest(String file, String name) {}
