package dev.vireo.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tells a raw disk image from any other file. qemu-img calls every file it does not recognise
 * "raw", so a raw import must show what a disk has: a partition table or a filesystem superblock.
 */
public final class DiskSignature {
    public static final int SECTOR = 512;
    private static final int BTRFS_MAGIC_AT = 0x10040;
    private static final int HEAD = BTRFS_MAGIC_AT + 8;

    private DiskSignature() {}

    /** The kind of disk {@code file} looks like ("mbr", "gpt", "ext", "xfs", "iso9660", "btrfs"), if any. */
    public static Optional<String> detect(Path file) throws IOException {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, HEAD);
        }
        return detect(Arrays.copyOf(head, n));
    }

    static Optional<String> detect(byte[] head) {
        if (ascii(head, SECTOR, "EFI PART") || ascii(head, 4096, "EFI PART")) {
            return Optional.of("gpt");
        }
        if (head.length >= SECTOR && (head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xAA) {
            return Optional.of("mbr");
        }
        if (head.length >= 1082 && (head[1080] & 0xff) == 0x53 && (head[1081] & 0xff) == 0xEF) {
            return Optional.of("ext");
        }
        if (ascii(head, 0, "XFSB")) {
            return Optional.of("xfs");
        }
        if (ascii(head, 32769, "CD001")) {
            return Optional.of("iso9660");
        }
        if (ascii(head, BTRFS_MAGIC_AT, "_BHRfS_M")) {
            return Optional.of("btrfs");
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] data, int offset, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        return data.length >= offset + m.length && Arrays.equals(data, offset, offset + m.length, m, 0, m.length);
    }
}
