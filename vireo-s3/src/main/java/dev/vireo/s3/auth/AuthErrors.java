package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;

/** Builds the {@link S3Exception}s that SigV4 verification throws, with AWS's codes. */
final class AuthErrors {
    private AuthErrors() {}

    static S3Exception anonymous(String resource) {
        return new S3Exception("AccessDenied", 403, "Anonymous access is forbidden", resource);
    }

    static S3Exception expired(String resource) {
        return new S3Exception("AccessDenied", 403, "Request has expired", resource);
    }

    static S3Exception missingDate(String resource) {
        return new S3Exception("AccessDenied", 403,
                "AWS authentication requires a valid Date or x-amz-date header", resource);
    }

    static S3Exception notYetValid(String resource) {
        return new S3Exception("AccessDenied", 403, "Request is not valid yet", resource);
    }

    static S3Exception unknownKey(String resource) {
        return new S3Exception("InvalidAccessKeyId", 403,
                "The AWS Access Key Id you provided does not exist in our records.", resource);
    }

    static S3Exception signatureMismatch(String resource) {
        return new S3Exception("SignatureDoesNotMatch", 403,
                "The request signature we calculated does not match the signature you provided."
                        + " Check your key and signing method.", resource);
    }

    static S3Exception malformedHeader(String detail, String resource) {
        return new S3Exception("AuthorizationHeaderMalformed", 400,
                "The authorization header is malformed; " + detail, resource);
    }

    static S3Exception malformedQuery(String detail, String resource) {
        return new S3Exception("AuthorizationQueryParametersError", 400, detail, resource);
    }

    static S3Exception skewed(String resource) {
        return new S3Exception("RequestTimeTooSkewed", 403,
                "The difference between the request time and the current time is too large.", resource);
    }

    static S3Exception invalidRequest(String message, String resource) {
        return new S3Exception("InvalidRequest", 400, message, resource);
    }

    static S3Exception contentSha256Mismatch(String resource) {
        return new S3Exception("XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.", resource);
    }

    static S3Exception incompleteBody(String resource) {
        return new S3Exception("IncompleteBody", 400,
                "You did not provide the number of bytes specified by the Content-Length HTTP header.",
                resource);
    }

    static S3Exception badDigest(String algorithm, String resource) {
        return new S3Exception("BadDigest", 400,
                "The " + algorithm + " you specified did not match the calculated checksum.", resource);
    }
}
