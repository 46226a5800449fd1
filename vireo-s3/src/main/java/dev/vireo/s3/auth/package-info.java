/**
 * AWS Signature Version 4 verification for the S3-compatible endpoint: access keys, header and
 * presigned-URL authentication, and payload verification (hex SHA-256, aws-chunked with chunk
 * signatures, aws-chunked with trailing checksums).
 *
 * <p>The HTTP layer builds a {@link dev.vireo.s3.auth.SignedRequest} from the raw request,
 * calls {@link dev.vireo.s3.auth.SigV4Verifier#authenticate}, then reads the body only through
 * {@link dev.vireo.s3.auth.Authentication#payload}. It must commit a write only after that
 * stream reached EOF without throwing.
 */
package dev.vireo.s3.auth;
