package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Verifies AWS Signature Version 4 on S3 requests, signed either with the
 * {@code Authorization: AWS4-HMAC-SHA256 ...} header or with presigned query parameters.
 *
 * <p>Any region in the credential scope is accepted as long as the service is {@code s3};
 * {@link #region()} is the region this endpoint reports (e.g. for GetBucketLocation).
 * Failures are {@link dev.vireo.s3.S3Exception}s with AWS's error codes.
 */
public final class SigV4Verifier {
    /** The region reported when none is configured. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** How far a header-signed request's time may be from ours. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final AccessKeys keys;
    private final Clock clock;
    private final String region;

    /** A verifier for {@link #DEFAULT_REGION}. */
    public SigV4Verifier(AccessKeys keys, Clock clock) {
        this(keys, clock, DEFAULT_REGION);
    }

    /** A verifier reporting {@code region}. */
    public SigV4Verifier(AccessKeys keys, Clock clock, String region) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.region = Objects.requireNonNull(region, "region");
    }

    /** The region this endpoint reports. */
    public String region() {
        return region;
    }

    /** Verifies the request's signature and returns who signed it. */
    public Principal verify(SignedRequest request) {
        return authenticate(request).principal();
    }

    /**
     * Verifies the request's signature and returns what is needed to verify its body through
     * {@link Authentication#payload}.
     */
    public Authentication authenticate(SignedRequest request) {
        String resource = request.resource();
        var authorization = request.headers().first("authorization");
        boolean presigned = CanonicalRequest.queryParam(request.rawQuery(), "X-Amz-Algorithm")
                .isPresent() || CanonicalRequest.queryParam(request.rawQuery(), "X-Amz-Signature")
                .isPresent();
        if (authorization.isEmpty() && !presigned) {
            throw AuthErrors.anonymous(resource);
        }
        if (authorization.isPresent() && presigned) {
            throw AuthErrors.invalidRequest("Only one auth mechanism allowed; only the X-Amz-Algorithm"
                    + " query parameter or the Authorization header should be specified", resource);
        }
        SignatureInput input = presigned ? SignatureParser.fromQuery(request)
                : SignatureParser.fromHeader(request, authorization.orElseThrow().strip());
        checkTime(input, resource);
        String payloadHash = presigned ? PayloadMode.UNSIGNED.marker() : headerPayloadHash(request);
        String secret = keys.secretOf(input.accessKeyId())
                .orElseThrow(() -> AuthErrors.unknownKey(resource));
        byte[] signingKey = Crypto.signingKey(secret, input.scope());
        String canonical = CanonicalRequest.build(request, input.signedHeaders(), payloadHash,
                name -> !(presigned && name.equals("X-Amz-Signature")));
        String stringToSign =
                CanonicalRequest.stringToSign(input.amzDate(), input.scope(), canonical);
        String expected = Crypto.hex(Crypto.hmac(signingKey, stringToSign));
        if (!Crypto.sameSignature(expected, input.signature())) {
            throw AuthErrors.signatureMismatch(resource);
        }
        return new Authentication(new Principal(input.accessKeyId()), request,
                PayloadMode.of(payloadHash), payloadHash, new ChunkSigner(signingKey, input.scope(),
                input.amzDate(), expected));
    }

    private void checkTime(SignatureInput input, String resource) {
        Instant now = clock.instant();
        Instant time = input.requestTime();
        if (input.presigned()) {
            if (time.isAfter(now.plus(MAX_SKEW))) {
                throw AuthErrors.notYetValid(resource);
            }
            if (now.isAfter(time.plusSeconds(input.expiresSeconds().getAsLong()))) {
                throw AuthErrors.expired(resource);
            }
        } else if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthErrors.skewed(resource);
        }
    }

    private static String headerPayloadHash(SignedRequest request) {
        String value = request.declaredPayloadHash().orElseThrow(() -> AuthErrors.invalidRequest(
                "Missing required header for this request: x-amz-content-sha256", request.resource()));
        if (PayloadMode.of(value) == null) {
            throw S3Exception.invalidArgument(
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD,"
                            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-UNSIGNED-PAYLOAD-TRAILER"
                            + " or a valid sha256 value.",
                    request.resource());
        }
        // Signed as sent: a client that sent uppercase hex signed uppercase hex.
        return value;
    }
}
