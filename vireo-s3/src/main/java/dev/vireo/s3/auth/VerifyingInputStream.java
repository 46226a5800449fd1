package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;

/**
 * Passes bytes through while digesting them and, on reaching EOF, checks each digest against
 * its expected value, throwing the check's {@link S3Exception} on the first mismatch.
 */
final class VerifyingInputStream extends FilterInputStream {
    /** One expected digest of the whole stream. */
    record Check(ChecksumAlgorithm.Digest digest, byte[] expected, Supplier<S3Exception> failure) {}

    private final List<Check> checks;
    private boolean verified;

    VerifyingInputStream(InputStream in, List<Check> checks) {
        super(in);
        this.checks = List.copyOf(checks);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            for (Check check : checks) {
                check.digest().update(buffer, offset, n);
            }
        } else if (n < 0 && !verified) {
            verified = true;
            for (Check check : checks) {
                if (!MessageDigest.isEqual(check.digest().finish(), check.expected())) {
                    throw check.failure().get();
                }
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be digested.
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
