package dev.vireo.storage.archive;

import dev.vireo.api.VireoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads tar headers in sequence: POSIX ustar (with its name prefix), pax extended headers
 * ({@code path}, {@code linkpath}, {@code size}) and GNU long names ('L', 'K'), sizes in octal or
 * GNU base-256. Header checksums are verified. It only reads: what an entry may be is the
 * caller's decision ({@link TarExtractor}).
 */
final class TarReader {
    static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20; // pax and long-name headers hold names, not data

    private final InputStream in;
    private final String archive;
    private long offset;
    private TarEntry current;
    private long remaining;

    TarReader(InputStream in, String archive) {
        this.in = Objects.requireNonNull(in);
        this.archive = Objects.requireNonNull(archive);
    }

    /** The next member, or null at the end of the archive; skips what is left of the current one. */
    TarEntry next() throws IOException {
        if (current != null) {
            skip(remaining + padding(current.size()));
            current = null;
        }
        Map<String, String> pax = Map.of();
        String longName = null;
        String longLink = null;
        while (true) {
            long headerAt = offset;
            byte[] h = readBlock();
            if (h == null || isZero(h)) {
                return null; // end of archive (some writers omit the second zero block, or both)
            }
            verifyChecksum(h, headerAt);
            char type = (char) (h[156] & 0xff);
            long size = number(h, 124, 12, headerAt, "size");
            switch (type) {
                case 'x' -> pax = parsePax(readMeta(size, headerAt), headerAt);
                case 'g' -> skip(size + padding(size)); // global pax: defaults we do not use
                case 'L' -> longName = cString(readMeta(size, headerAt));
                case 'K' -> longLink = cString(readMeta(size, headerAt));
                default -> {
                    String name = firstNonNull(pax.get("path"), longName, ustarName(h));
                    String link = firstNonNull(pax.get("linkpath"), longLink, field(h, 157, 100));
                    if (pax.containsKey("size")) {
                        size = paxSize(pax.get("size"), headerAt);
                    }
                    boolean sparse = type == 'S' || pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."));
                    current = new TarEntry(name, type, size, link, sparse);
                    remaining = size;
                    return current;
                }
            }
        }
    }

    /** The current member's bytes, exactly {@code size()} of them; a short archive is an error. */
    InputStream content() {
        TarEntry entry = Objects.requireNonNull(current, "no current entry");
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated(entry.name());
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    private byte[] readBlock() throws IOException {
        byte[] block = new byte[BLOCK];
        int n = in.readNBytes(block, 0, BLOCK);
        offset += n;
        if (n == 0) {
            return null;
        }
        if (n < BLOCK) {
            throw VireoException.invalid(archive + " is truncated (a tar header at byte " + (offset - n) + " is incomplete)");
        }
        return block;
    }

    private byte[] readMeta(long size, long headerAt) throws IOException {
        if (size > MAX_META) {
            throw VireoException.invalid("tar header at byte " + headerAt + " in " + archive + " is " + size
                    + " bytes long; at most " + MAX_META + " allowed");
        }
        byte[] data = in.readNBytes((int) size);
        offset += data.length;
        if (data.length < size) {
            throw VireoException.invalid(archive + " is truncated (in the tar header at byte " + headerAt + ")");
        }
        skip(padding(size));
        return data;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw truncated(current == null ? "?" : current.name());
                }
                skipped = 1;
            }
            left -= skipped;
            offset += skipped;
        }
    }

    private VireoException truncated(String entry) {
        return VireoException.invalid(archive + " is truncated (tar entry '" + PlainNames.printable(entry)
                + "' ends early, at byte " + offset + ")");
    }

    private void verifyChecksum(byte[] h, long headerAt) {
        long stored = number(h, 148, 8, headerAt, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw VireoException.invalid(archive + " is not a tar archive (bad header checksum at byte " + headerAt + ")");
        }
    }

    /** An octal field (NUL/space padded) or a GNU base-256 one (high bit of the first byte set). */
    private long number(byte[] h, int at, int len, long headerAt, String what) {
        if ((h[at] & 0x80) != 0) {
            if ((h[at] & 0x40) != 0) { // negative
                throw corrupt(headerAt, what);
            }
            long value = h[at] & 0x3f;
            for (int i = at + 1; i < at + len; i++) {
                if (value >>> 55 != 0) {
                    throw corrupt(headerAt, what);
                }
                value = value << 8 | (h[i] & 0xff);
            }
            return value;
        }
        String text = new String(h, at, len, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw corrupt(headerAt, what);
        }
    }

    private VireoException corrupt(long headerAt, String what) {
        return VireoException.invalid(archive + " is not a tar archive (bad " + what + " field in the header at byte "
                + headerAt + ")");
    }

    private Map<String, String> parsePax(byte[] data, long headerAt) {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = indexOf(data, (byte) ' ', pos);
            int length;
            try {
                length = space < 0 ? -1 : Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw VireoException.invalid(archive + " has a corrupt pax header at byte " + headerAt);
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw VireoException.invalid(archive + " has a corrupt pax header at byte " + headerAt);
            }
            records.put(record.substring(0, eq), record.substring(eq + 1));
            pos += length;
        }
        return records;
    }

    private long paxSize(String value, long headerAt) {
        try {
            long size = Long.parseLong(value);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw VireoException.invalid(archive + " has a corrupt pax size '" + PlainNames.printable(value)
                + "' at byte " + headerAt);
    }

    private static String ustarName(byte[] h) {
        String name = field(h, 0, 100);
        // POSIX ustar keeps a path prefix at 345; GNU tar ("ustar  ") uses those bytes for other things
        boolean posix = Arrays.equals(h, 257, 263, "ustar\0".getBytes(StandardCharsets.US_ASCII), 0, 6);
        String prefix = posix ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = indexOf(data, (byte) 0, 0);
        return new String(data, 0, end < 0 ? data.length : end, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
