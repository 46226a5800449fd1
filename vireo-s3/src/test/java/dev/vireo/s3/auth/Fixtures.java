package dev.vireo.s3.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The AWS documentation's example credentials and a signer for tests' own requests. */
final class Fixtures {
    static final String AKID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EXAMPLE_DATE = "20130524T000000Z";
    static final String EXAMPLE_SCOPE = "20130524/us-east-1/s3/aws4_request";

    private Fixtures() {}

    static AccessKeys exampleKeys(Path dir) {
        AccessKeys keys = AccessKeys.open(dir.resolve("keys.properties"));
        keys.put(new AccessKeyPair(AKID, SECRET));
        return keys;
    }

    static SigV4Verifier verifier(Path dir, Instant now) {
        return new SigV4Verifier(exampleKeys(dir), Clock.fixed(now, ZoneOffset.UTC));
    }

    static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + AKID + "/" + EXAMPLE_SCOPE + ",SignedHeaders="
                + signedHeaders + ",Signature=" + signature;
    }

    /**
     * Signs a header-authenticated request the way a client would, with this package's own
     * canonicalisation (the AWS example tests pin that canonicalisation independently).
     */
    static String sign(String secret, SignedRequest request, String signedHeaders, String amzDate) {
        return sign(secret, request, signedHeaders, amzDate, "us-east-1");
    }

    static String sign(String secret, SignedRequest request, String signedHeaders, String amzDate,
            String region) {
        CredentialScope scope =
                new CredentialScope(amzDate.substring(0, 8), region, "s3", "aws4_request");
        String canonical = CanonicalRequest.build(request, List.of(signedHeaders.split(";")),
                request.declaredPayloadHash().orElse("UNSIGNED-PAYLOAD"),
                name -> !name.equals("X-Amz-Signature"));
        return Crypto.hex(Crypto.hmac(Crypto.signingKey(secret, scope),
                CanonicalRequest.stringToSign(amzDate, scope, canonical)));
    }

    /** The chunk signer a client holding {@code secret} would use after {@code seed}. */
    static ChunkSigner chunkSigner(String secret, String amzDate, String seed) {
        CredentialScope scope =
                new CredentialScope(amzDate.substring(0, 8), "us-east-1", "s3", "aws4_request");
        return new ChunkSigner(Crypto.signingKey(secret, scope), scope, amzDate, seed);
    }
}
