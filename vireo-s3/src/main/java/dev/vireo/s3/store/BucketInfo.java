package dev.vireo.s3.store;

import java.time.Instant;

/** A bucket as ListBuckets reports it. */
public record BucketInfo(String name, Instant creationDate) {}
