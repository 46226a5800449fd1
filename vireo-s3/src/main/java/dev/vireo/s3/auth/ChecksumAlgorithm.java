package dev.vireo.s3.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The S3 additional checksums, as sent in {@code x-amz-checksum-*} headers or trailers. */
enum ChecksumAlgorithm {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256;

    /** The header or trailer name, e.g. {@code x-amz-checksum-crc32}. */
    String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    static Optional<ChecksumAlgorithm> ofHeader(String name) {
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.headerName().equalsIgnoreCase(name.strip())) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** A fresh running computation; {@code finish()} returns the big-endian checksum bytes. */
    Digest newDigest() {
        return switch (this) {
            case CRC32 -> new ChecksumDigest(new CRC32(), 4);
            case CRC32C -> new ChecksumDigest(new CRC32C(), 4);
            case CRC64NVME -> new ChecksumDigest(new Crc64Nvme(), 8);
            case SHA1 -> new MessageDigestDigest("SHA-1");
            case SHA256 -> new MessageDigestDigest("SHA-256");
        };
    }

    /** A running checksum or hash. */
    interface Digest {
        void update(byte[] data, int offset, int length);

        byte[] finish();
    }

    private record ChecksumDigest(Checksum checksum, int width) implements Digest {
        @Override
        public void update(byte[] data, int offset, int length) {
            checksum.update(data, offset, length);
        }

        @Override
        public byte[] finish() {
            long value = checksum.getValue();
            byte[] out = new byte[width];
            for (int i = width - 1; i >= 0; i--) {
                out[i] = (byte) value;
                value >>>= 8;
            }
            return out;
        }
    }

    private static final class MessageDigestDigest implements Digest {
        private final MessageDigest digest;

        MessageDigestDigest(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm + " is unavailable", e);
            }
        }

        @Override
        public void update(byte[] data, int offset, int length) {
            digest.update(data, offset, length);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }
    }
}
