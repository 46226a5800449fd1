package dev.vireo.s3.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An access key id and its secret. {@link #toString()} never shows the secret.
 *
 * @param accessKeyId the public id, e.g. {@code VIRK3X9...}
 * @param secret the secret access key
 */
public record AccessKeyPair(String accessKeyId, String secret) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{16,128}");

    public AccessKeyPair {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(accessKeyId).matches()) {
            throw new IllegalArgumentException("access key id must be 16-128 letters or digits");
        }
        if (!SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("secret must be 16-128 printable ASCII characters");
        }
    }

    @Override
    public String toString() {
        return "AccessKeyPair[accessKeyId=" + accessKeyId + ", secret=****]";
    }
}
