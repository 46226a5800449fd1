package dev.vireo.api;

import java.time.Instant;

/**
 * A backup of an instance's root disk: a qcow2 {@code file}; an incremental one holds only what
 * changed since {@code base} (the backup file it builds on, in the same directory), with a
 * JSON description beside it ({@code FILE.json}).
 */
public record BackupView(String instance, String file, boolean incremental, String base, long sizeBytes,
        long diskBytes, Instant createdAt) {}
