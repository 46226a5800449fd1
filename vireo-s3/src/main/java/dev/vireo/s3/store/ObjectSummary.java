package dev.vireo.s3.store;

import java.time.Instant;

/** One {@code <Contents>} entry of a listing. */
public record ObjectSummary(String key, String etag, long size, Instant lastModified) {}
