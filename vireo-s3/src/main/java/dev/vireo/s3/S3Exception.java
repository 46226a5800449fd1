package dev.vireo.s3;

/**
 * An S3 error with the AWS error code and HTTP status that AWS returns for it. The HTTP layer
 * renders it as the standard {@code <Error>} XML document.
 */
public final class S3Exception extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final String resource;

    public S3Exception(String code, int httpStatus, String message, String resource) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.resource = resource;
    }

    /** The AWS error code, e.g. {@code NoSuchBucket}. */
    public String code() { return code; }

    /** The HTTP status AWS uses for this code. */
    public int httpStatus() { return httpStatus; }

    /** The bucket or object the error is about; may be null. */
    public String resource() { return resource; }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist", bucket);
    }
    public static S3Exception noSuchKey(String key) {
        return new S3Exception("NoSuchKey", 404, "The specified key does not exist.", key);
    }
    public static S3Exception noSuchUpload(String uploadId) {
        return new S3Exception("NoSuchUpload", 404,
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
                uploadId);
    }
    public static S3Exception invalidBucketName(String bucket) {
        return new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid.", bucket);
    }
    public static S3Exception bucketAlreadyOwnedByYou(String bucket) {
        return new S3Exception("BucketAlreadyOwnedByYou", 409,
                "Your previous request to create the named bucket succeeded and you already own it.", bucket);
    }
    public static S3Exception bucketNotEmpty(String bucket) {
        return new S3Exception("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", bucket);
    }
    public static S3Exception invalidArgument(String message, String resource) {
        return new S3Exception("InvalidArgument", 400, message, resource);
    }
    public static S3Exception invalidRequest(String message, String resource) {
        return new S3Exception("InvalidRequest", 400, message, resource);
    }
    public static S3Exception keyTooLong(String key) {
        return new S3Exception("KeyTooLongError", 400, "Your key is too long", null);
    }
    public static S3Exception entityTooLarge(String resource) {
        return new S3Exception("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size", resource);
    }
    public static S3Exception entityTooSmall(String resource) {
        return new S3Exception("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.", resource);
    }
    public static S3Exception invalidDigest(String resource) {
        return new S3Exception("InvalidDigest", 400, "The Content-MD5 you specified was invalid.", resource);
    }
    public static S3Exception badDigest(String resource) {
        return new S3Exception("BadDigest", 400, "The Content-MD5 you specified did not match what we received.", resource);
    }
    public static S3Exception incompleteBody(String resource) {
        return new S3Exception("IncompleteBody", 400,
                "You did not provide the number of bytes specified by the Content-Length HTTP header", resource);
    }
    public static S3Exception missingContentLength(String resource) {
        return new S3Exception("MissingContentLength", 411, "You must provide the Content-Length HTTP header.", resource);
    }
    public static S3Exception invalidRange(String resource) {
        return new S3Exception("InvalidRange", 416, "The requested range is not satisfiable", resource);
    }
    public static S3Exception invalidPart(String resource) {
        return new S3Exception("InvalidPart", 400,
                "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
                resource);
    }
    public static S3Exception invalidPartOrder(String resource) {
        return new S3Exception("InvalidPartOrder", 400,
                "The list of parts was not in ascending order. Parts must be ordered by part number.", resource);
    }
    public static S3Exception malformedXml(String resource) {
        return new S3Exception("MalformedXML", 400,
                "The XML you provided was not well-formed or did not validate against our published schema", resource);
    }
    public static S3Exception metadataTooLarge(String resource) {
        return new S3Exception("MetadataTooLarge", 400,
                "Your metadata headers exceed the maximum allowed metadata size.", resource);
    }
    public static S3Exception internalError(String message, String resource) {
        return new S3Exception("InternalError", 500, message, resource);
    }
}
