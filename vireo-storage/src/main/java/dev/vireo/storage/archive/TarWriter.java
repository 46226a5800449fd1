package dev.vireo.storage.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a POSIX tar of regular files at the top level (mode 0644, owner root). A member whose
 * name is longer than 100 bytes or not ASCII, or whose size needs more than 11 octal digits
 * (8 GiB and up), is preceded by a pax header carrying {@code path} / {@code size}; the ustar
 * size field then holds the GNU base-256 form as well, for readers that predate pax.
 */
public final class TarWriter {
    static final long MAX_OCTAL = 077777777777L;
    private static final int BLOCK = TarReader.BLOCK;

    private final OutputStream out;
    private final long mtime;

    /** Writes to {@code out} (which it never closes); every member gets {@code mtime}. */
    public TarWriter(OutputStream out, Instant mtime) {
        this.out = Objects.requireNonNull(out);
        this.mtime = mtime.getEpochSecond();
    }

    /** Appends a member holding exactly {@code size} bytes read from {@code content}. */
    public void add(String name, long size, InputStream content) throws IOException {
        if (!PlainNames.isPlain(name)) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        out.write(headers(name, size, mtime));
        byte[] buffer = new byte[1 << 20];
        long left = size;
        while (left > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("writing " + name + " interrupted");
            }
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(name + " ended after " + (size - left) + " of " + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (content.read() >= 0) {
            throw new IOException(name + " grew beyond " + size + " bytes while being archived");
        }
        out.write(new byte[(int) TarReader.padding(size)]);
    }

    /** Writes the end-of-archive marker (two zero blocks). */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    /** The header block(s) for one member: a pax header and its records when needed, then ustar. */
    static byte[] headers(String name, long size, long mtime) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        boolean longName = utf8.length > 100 || utf8.length != name.length();
        Map<String, String> pax = new LinkedHashMap<>();
        if (longName) {
            pax.put("path", name);
        }
        if (size > MAX_OCTAL) {
            pax.put("size", Long.toString(size));
        }
        String shortName = longName ? ascii(name, 100) : name;
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            result.writeBytes(ustar(ascii("PaxHeaders/" + name, 100), records.length, mtime, 'x'));
            result.writeBytes(records);
            result.writeBytes(new byte[(int) TarReader.padding(records.length)]);
        }
        result.writeBytes(ustar(shortName, size, mtime, '0'));
        return result.toByteArray();
    }

    private static byte[] ustar(String name, long size, long mtime, char type) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        if (size > MAX_OCTAL) {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            put(h, 124, octal(size, 11));
        }
        put(h, 136, octal(mtime, 11));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, "ustar\0" + "00");
        put(h, 265, "root");
        put(h, 297, "root");
        put(h, 329, "0000000");
        put(h, 337, "0000000");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, octal(sum, 6) + "\0 ");
        return h;
    }

    /** pax records "LEN key=value\n", where LEN counts the whole record including its own digits. */
    private static byte[] paxRecords(Map<String, String> values) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        values.forEach((key, value) -> {
            int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length++; // adding the digits made the number one digit longer
            }
            records.writeBytes((length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
        });
        return records.toByteArray();
    }

    private static String ascii(String s, int max) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "_");
        return printable.length() > max ? printable.substring(0, max) : printable;
    }

    private static String octal(long value, int digits) {
        String o = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - o.length())) + o;
    }

    private static void put(byte[] h, int at, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, at, bytes.length);
    }
}
