package dev.vireo.s3.store;

/**
 * One key's outcome in DeleteObjects: either deleted, or an error with an AWS code.
 *
 * @param errorCode null when deleted
 */
public record DeleteResult(String key, boolean deleted, String errorCode, String errorMessage) {
    static DeleteResult ok(String key) { return new DeleteResult(key, true, null, null); }
}
