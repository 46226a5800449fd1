package dev.vireo.s3.auth;

/**
 * The credential scope of a SigV4 signature: {@code date/region/service/aws4_request}.
 *
 * @param date the signing date, {@code yyyyMMdd}
 * @param region the region the client signed for
 * @param service always {@code s3} once validated
 * @param terminator always {@code aws4_request} once validated
 */
record CredentialScope(String date, String region, String service, String terminator) {

    /** The scope as it appears in the string to sign. */
    String value() {
        return date + "/" + region + "/" + service + "/" + terminator;
    }
}
