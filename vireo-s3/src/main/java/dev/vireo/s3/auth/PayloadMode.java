package dev.vireo.s3.auth;

import java.util.regex.Pattern;

/** How a request's body is protected, from its {@code x-amz-content-sha256} value. */
public enum PayloadMode {
    /** The header is a hex SHA-256 of the whole body. */
    SHA256(null),
    /** The body is not covered by the signature. */
    UNSIGNED("UNSIGNED-PAYLOAD"),
    /** aws-chunked framing, each chunk signed in a chain seeded by the request signature. */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** Like {@link #STREAMING_SIGNED}, followed by trailing headers with their own signature. */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
    /** aws-chunked framing without chunk signatures, with trailing checksum headers. */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private final String marker;

    PayloadMode(String marker) {
        this.marker = marker;
    }

    /** The literal value of {@code x-amz-content-sha256} for this mode; null for {@link #SHA256}. */
    public String marker() {
        return marker;
    }

    /** The mode for a header value, or null if the value is neither a hex hash nor a marker. */
    static PayloadMode of(String value) {
        if (HEX_SHA256.matcher(value).matches()) {
            return SHA256;
        }
        for (PayloadMode mode : values()) {
            if (value.equals(mode.marker)) {
                return mode;
            }
        }
        return null;
    }
}
