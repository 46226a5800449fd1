package dev.vireo.s3.store;

import java.time.Instant;

/** An uploaded part of a multipart upload; {@code etag} is quoted hex MD5. */
public record PartInfo(int partNumber, String etag, long size, Instant lastModified) {}
