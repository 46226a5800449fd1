package dev.vireo.s3.auth;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A request whose signature was verified: who signed it and how to read its body so that the
 * body is verified too. Never shows key material in {@link #toString()}.
 */
public final class Authentication {
    private final Principal principal;
    private final SignedRequest request;
    private final PayloadMode payloadMode;
    private final String payloadHash;
    private final ChunkSigner chunkSigner;

    Authentication(Principal principal, SignedRequest request, PayloadMode payloadMode,
            String payloadHash, ChunkSigner chunkSigner) {
        this.principal = principal;
        this.request = request;
        this.payloadMode = payloadMode;
        this.payloadHash = payloadHash;
        this.chunkSigner = chunkSigner;
    }

    /** Who signed the request. */
    public Principal principal() {
        return principal;
    }

    /** How the body is protected. */
    public PayloadMode payloadMode() {
        return payloadMode;
    }

    /**
     * The object size for aws-chunked bodies ({@code x-amz-decoded-content-length}); empty if
     * absent or not a number. For other bodies the HTTP Content-Length is the size.
     */
    public OptionalLong decodedContentLength() {
        try {
            return request.headers().first("x-amz-decoded-content-length")
                    .map(v -> OptionalLong.of(Long.parseLong(v.strip()))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The body, decoded and verified as it is read: a hex {@code x-amz-content-sha256} is checked
     * at EOF, aws-chunked bodies are unframed with their chunk signatures or trailing checksums
     * checked, and {@code x-amz-checksum-*} request headers are checked at EOF. {@code body} must
     * end where the request body ends (bounded by Content-Length). Commit only after EOF.
     */
    public PayloadStream payload(InputStream body) {
        String resource = request.resource();
        List<VerifyingInputStream.Check> checks = new ArrayList<>(headerChecksums());
        return switch (payloadMode) {
            case SHA256 -> {
                checks.addFirst(new VerifyingInputStream.Check(ChecksumAlgorithm.SHA256.newDigest(),
                        HexFormat.of().parseHex(payloadHash), () -> AuthErrors.contentSha256Mismatch(resource)));
                yield new PayloadStream(new VerifyingInputStream(body, checks), Headers::of);
            }
            case UNSIGNED -> new PayloadStream(new VerifyingInputStream(body, checks), Headers::of);
            case STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER -> {
                var chunked = new AwsChunkedInputStream(new BufferedInputStream(body),
                        payloadMode == PayloadMode.STREAMING_UNSIGNED_TRAILER ? null : chunkSigner,
                        payloadMode != PayloadMode.STREAMING_SIGNED, declaredTrailers(),
                        decodedContentLength(), resource);
                yield new PayloadStream(new VerifyingInputStream(chunked, checks), chunked::trailers);
            }
        };
    }

    /** Checks for {@code x-amz-checksum-*} request headers (not trailers). */
    private List<VerifyingInputStream.Check> headerChecksums() {
        List<VerifyingInputStream.Check> checks = new ArrayList<>();
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            var value = request.headers().first(algorithm.headerName());
            if (value.isEmpty()) {
                continue;
            }
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(value.get().strip());
            } catch (IllegalArgumentException e) {
                throw AuthErrors.invalidRequest("Value for " + algorithm.headerName()
                        + " header is invalid.", request.resource());
            }
            checks.add(new VerifyingInputStream.Check(algorithm.newDigest(), expected,
                    () -> AuthErrors.badDigest(algorithm.name(), request.resource())));
        }
        return checks;
    }

    /** Checksum algorithms named in {@code x-amz-trailer}. */
    private Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> declaredTrailers() {
        Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> digests = new EnumMap<>(ChecksumAlgorithm.class);
        for (String value : request.headers().all("x-amz-trailer")) {
            for (String name : value.split(",")) {
                ChecksumAlgorithm.ofHeader(name).ifPresent(a -> digests.put(a, a.newDigest()));
            }
        }
        return digests;
    }

    @Override
    public String toString() {
        return "Authentication[" + principal.accessKeyId() + ", " + payloadMode + "]";
    }
}
