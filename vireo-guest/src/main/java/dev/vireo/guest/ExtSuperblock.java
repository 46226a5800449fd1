package dev.vireo.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The two facts we need from an ext2/3/4 superblock (1024 bytes into the filesystem). */
record ExtSuperblock(boolean isExt, boolean needsRecovery) {
    static final int OFFSET = 1024;
    static final int MAGIC = 0xEF53;
    private static final int MAGIC_AT = 56;
    private static final int INCOMPAT_AT = 96;
    private static final int INCOMPAT_RECOVER = 0x4;
    private static final ExtSuperblock NONE = new ExtSuperblock(false, false);

    /** Reads the superblock of a filesystem starting {@code offset} bytes into {@code raw}. */
    static ExtSuperblock read(Path raw, long offset) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(INCOMPAT_AT + 4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + OFFSET + buf.position()) < 0) {
                    return NONE; // the disk ends first
                }
            }
        }
        return parse(buf.flip());
    }

    static ExtSuperblock parse(ByteBuffer sb) {
        sb.order(ByteOrder.LITTLE_ENDIAN);
        if ((sb.getShort(MAGIC_AT) & 0xFFFF) != MAGIC) {
            return NONE;
        }
        return new ExtSuperblock(true, (sb.getInt(INCOMPAT_AT) & INCOMPAT_RECOVER) != 0);
    }
}
