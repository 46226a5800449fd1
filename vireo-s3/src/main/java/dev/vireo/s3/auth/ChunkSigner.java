package dev.vireo.s3.auth;

/**
 * Computes the chain of aws-chunked chunk signatures: each chunk is signed over the previous
 * signature, starting from the request's own (seed) signature. Not thread-safe; one per body.
 */
final class ChunkSigner {
    private static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    private static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

    private final byte[] signingKey;
    private final CredentialScope scope;
    private final String amzDate;
    private final String seedSignature;

    ChunkSigner(byte[] signingKey, CredentialScope scope, String amzDate, String seedSignature) {
        this.signingKey = signingKey.clone();
        this.scope = scope;
        this.amzDate = amzDate;
        this.seedSignature = seedSignature;
    }

    String seedSignature() {
        return seedSignature;
    }

    /** The signature of a chunk whose predecessor's signature is {@code previous}. */
    String sign(String previous, byte[] data, int length) {
        var digest = Crypto.sha256();
        digest.update(data, 0, length);
        String stringToSign = CHUNK_ALGORITHM + "\n" + amzDate + "\n" + scope.value() + "\n"
                + previous + "\n" + Crypto.EMPTY_SHA256 + "\n" + Crypto.hex(digest.digest());
        return Crypto.hex(Crypto.hmac(signingKey, stringToSign));
    }

    /** The signature of the trailing headers, given canonically as {@code name:value\n} lines. */
    String signTrailer(String previous, String canonicalTrailers) {
        String stringToSign = TRAILER_ALGORITHM + "\n" + amzDate + "\n" + scope.value() + "\n"
                + previous + "\n" + Crypto.sha256Hex(canonicalTrailers);
        return Crypto.hex(Crypto.hmac(signingKey, stringToSign));
    }

    @Override
    public String toString() {
        return "ChunkSigner[" + scope.value() + "]";
    }
}
