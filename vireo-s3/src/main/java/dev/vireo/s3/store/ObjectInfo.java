package dev.vireo.s3.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What S3 reports about a stored object.
 *
 * @param etag quoted entity tag as S3 returns it: {@code "hex-md5"} or {@code "hex-md5-N"} for multipart
 * @param metadata user metadata (names without the {@code x-amz-meta-} prefix)
 */
public record ObjectInfo(String key, String etag, long size, Instant lastModified, String contentType,
                         Map<String, String> metadata) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
