package dev.vireo.s3.auth;

import java.util.Objects;

/**
 * The authenticated caller of an S3 request.
 *
 * @param accessKeyId the access key id whose secret signed the request
 */
public record Principal(String accessKeyId) {
    public Principal {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
    }
}
