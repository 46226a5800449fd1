package dev.vireo.api;

/** An access key of the S3 endpoint; {@code secret} is set only in the answer that created it. */
public record S3Key(String accessKeyId, String secret) {}
