package dev.vireo.s3.store;

import java.util.Objects;

/** A part named in CompleteMultipartUpload; the etag may be quoted or not. */
public record CompletedPart(int partNumber, String etag) {
    public CompletedPart {
        Objects.requireNonNull(etag, "etag");
    }
}
