package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body being verified as it is read. Reads throw {@link dev.vireo.s3.S3Exception}
 * (e.g. {@code XAmzContentSHA256Mismatch}, {@code SignatureDoesNotMatch}, {@code BadDigest},
 * {@code IncompleteBody}) when the body does not match what was signed or declared; the final
 * checks run when EOF is reached. <b>Callers must commit what they stored only after
 * {@code read} returned -1 without throwing.</b>
 */
public final class PayloadStream extends FilterInputStream {
    private final Supplier<Headers> trailers;
    private long length;
    private S3Exception failure;

    PayloadStream(InputStream verified, Supplier<Headers> trailers) {
        super(verified);
        this.trailers = trailers;
    }

    /** The number of decoded body bytes returned so far; the object size once EOF was reached. */
    public long length() {
        return length;
    }

    /**
     * The trailing headers of an aws-chunked body (e.g. {@code x-amz-checksum-crc32}), complete
     * once EOF was reached; empty for other bodies.
     */
    public Headers trailers() {
        return trailers.get();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (failure != null) {
            throw failure; // a rejected body stays rejected; it never reads as a clean EOF
        }
        try {
            int n = in.read(buffer, offset, count);
            if (n > 0) {
                length += n;
            }
            return n;
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
