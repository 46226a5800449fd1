package dev.vireo.s3.auth;

import java.util.zip.Checksum;

/** CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5), which the JDK lacks. */
final class Crc64Nvme implements Checksum {
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = -1L;

    @Override
    public void update(int b) {
        crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            update(data[i]);
        }
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = -1L;
    }
}
