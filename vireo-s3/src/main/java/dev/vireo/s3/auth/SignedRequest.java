package dev.vireo.s3.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an HTTP request that SigV4 signs, exactly as received.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param rawPath the request path as sent, still percent-encoded, e.g. {@code /bucket/a%20b}
 * @param rawQuery the query string as sent, without {@code ?}; empty if none
 * @param headers the request headers
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Headers headers) {
    /** The header carrying the payload hash or payload mode. */
    public static final String CONTENT_SHA256 = "x-amz-content-sha256";

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Objects.requireNonNull(headers, "headers");
        if (rawPath.isEmpty()) {
            rawPath = "/";
        }
    }

    /**
     * The declared payload hash: the {@code x-amz-content-sha256} header, a lowercase hex SHA-256
     * or one of {@link PayloadMode}'s markers.
     */
    public Optional<String> declaredPayloadHash() {
        return headers.first(CONTENT_SHA256).map(String::trim);
    }

    /** The resource for error responses: the raw path. */
    String resource() {
        return rawPath;
    }
}
