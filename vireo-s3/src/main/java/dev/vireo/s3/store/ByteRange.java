package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;

/**
 * A requested HTTP byte range: {@code first-last}, {@code first-} or {@code -suffix}.
 * Resolve it against the object size with {@link #resolve(long, String)}.
 *
 * @param first first byte, or -1 for a suffix range
 * @param last last byte (inclusive), or -1 for open-ended / suffix ranges
 * @param suffixLength length of a suffix range, or -1
 */
public record ByteRange(long first, long last, long suffixLength) {
    public ByteRange {
        if (suffixLength >= 0 ? first != -1 || last != -1 : first < 0 || (last != -1 && last < first)) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last + "/" + suffixLength);
        }
    }

    /** {@code bytes=first-last}. */
    public static ByteRange of(long first, long last) { return new ByteRange(first, last, -1); }

    /** {@code bytes=first-}. */
    public static ByteRange from(long first) { return new ByteRange(first, -1, -1); }

    /** {@code bytes=-n}: the last n bytes. */
    public static ByteRange suffix(long n) { return new ByteRange(-1, -1, n); }

    /** The served interval {@code [first, last]} for an object of {@code size} bytes; InvalidRange if none. */
    long[] resolve(long size, String resource) {
        if (suffixLength >= 0) {
            if (suffixLength == 0 || size == 0) throw S3Exception.invalidRange(resource);
            return new long[] {Math.max(0, size - suffixLength), size - 1};
        }
        if (first >= size) throw S3Exception.invalidRange(resource);
        long end = last == -1 ? size - 1 : Math.min(last, size - 1);
        return new long[] {first, end};
    }
}
