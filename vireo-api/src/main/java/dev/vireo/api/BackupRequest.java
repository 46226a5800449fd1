package dev.vireo.api;

/** Body of {@code POST /v1/instances/{name}/backups}: {@code incremental=true} copies only what changed since the last backup. */
public record BackupRequest(Boolean incremental) {}
