package dev.vireo.s3.auth;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What a request claims about its signature, parsed from the Authorization header or the
 * presigned query parameters, before anything is verified.
 *
 * @param accessKeyId the claimed access key id
 * @param scope the credential scope
 * @param signedHeaders the signed header names, lowercase, as the client listed them
 * @param signature the claimed signature, lowercase hex
 * @param amzDate the request time in ISO 8601 basic format, as signed
 * @param requestTime {@code amzDate} as an instant
 * @param expiresSeconds for presigned URLs, X-Amz-Expires; empty for header auth
 */
record SignatureInput(String accessKeyId, CredentialScope scope, List<String> signedHeaders,
        String signature, String amzDate, Instant requestTime, OptionalLong expiresSeconds) {

    SignatureInput {
        signedHeaders = List.copyOf(signedHeaders);
    }

    boolean presigned() {
        return expiresSeconds.isPresent();
    }

    @Override
    public String toString() {
        return "SignatureInput[" + accessKeyId + " " + scope.value() + " " + signedHeaders + "]";
    }
}
