package dev.vireo.s3.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On-disk layout of an object, part or upload record: one file holding a small binary header and
 * then the body, so one atomic rename publishes data and metadata together.
 *
 * <pre>
 * int magic | int headerLength | byte[48] etag (ASCII, NUL-padded) | long size | long lastModifiedMillis
 * | UTF key | UTF contentType | int n | n × (UTF name, UTF value) | body
 * </pre>
 * Etag, size and time sit at fixed offsets so they can be filled in after the body is streamed.
 */
final class ObjectFile {
    static final int MAGIC = 0x56335301;
    static final int ETAG_OFFSET = 8;
    static final int ETAG_BYTES = 48;
    static final int SIZE_OFFSET = ETAG_OFFSET + ETAG_BYTES;
    static final int FIXED_BYTES = SIZE_OFFSET + 16;

    /** A decoded header; {@code etag} is quoted. */
    record Header(int headerLength, String etag, long size, Instant lastModified, String key, String contentType,
                  Map<String, String> metadata) {
        ObjectInfo info() { return new ObjectInfo(key, etag, size, lastModified, contentType, metadata); }
    }

    private ObjectFile() {}

    /** Header bytes with placeholder etag/size/time. */
    static byte[] encodeHeader(String key, String contentType, Map<String, String> metadata) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(0);
            out.write(new byte[ETAG_BYTES]);
            out.writeLong(0);
            out.writeLong(0);
            out.writeUTF(key);
            out.writeUTF(contentType == null ? "" : contentType);
            out.writeInt(metadata.size());
            for (var e : metadata.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            byte[] header = bytes.toByteArray();
            ByteBuffer.wrap(header).putInt(4, header.length);
            return header;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fixed fields written after the body: quoted etag, body size, modification time. */
    static ByteBuffer encodeTrailer(String etag, long size, Instant lastModified) {
        byte[] tag = etag.getBytes(StandardCharsets.US_ASCII);
        if (tag.length > ETAG_BYTES) throw new IllegalArgumentException("etag too long: " + etag);
        ByteBuffer buf = ByteBuffer.allocate(ETAG_BYTES + 16);
        buf.put(tag).position(ETAG_BYTES);
        buf.putLong(size).putLong(lastModified.toEpochMilli()).flip();
        return buf;
    }

    /** Reads the header at the start of {@code ch}; throws IOException if it is not a valid one. */
    static Header readHeader(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        readFully(ch, buf, 0, FIXED_BYTES);
        if (buf.getInt(0) != MAGIC) throw new IOException("not an object file");
        int length = buf.getInt(4);
        if (length < FIXED_BYTES || length > 1 << 20) throw new IOException("bad header length " + length);
        if (length > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(length);
            bigger.put(buf.flip());
            buf = bigger;
        }
        readFully(ch, buf, buf.position(), length);
        byte[] header = buf.array();
        int tagLen = 0;
        while (tagLen < ETAG_BYTES && header[ETAG_OFFSET + tagLen] != 0) tagLen++;
        if (tagLen == 0) throw new IOException("unfinished object file");
        String etag = new String(header, ETAG_OFFSET, tagLen, StandardCharsets.US_ASCII);
        ByteBuffer fixed = ByteBuffer.wrap(header);
        long size = fixed.getLong(SIZE_OFFSET);
        Instant modified = Instant.ofEpochMilli(fixed.getLong(SIZE_OFFSET + 8));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(header, FIXED_BYTES, length - FIXED_BYTES));
        String key = in.readUTF();
        String type = in.readUTF();
        int n = in.readInt();
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) meta.put(in.readUTF(), in.readUTF());
        if (ch.size() != length + size) throw new IOException("object file size mismatch");
        return new Header(length, etag, size, modified, key, type.isEmpty() ? null : type, meta);
    }

    /** Fills {@code buf} from its position up to {@code limit} bytes, reading from the file position equal to the buffer position. */
    private static void readFully(FileChannel ch, ByteBuffer buf, int from, int limit) throws IOException {
        buf.limit(limit).position(from);
        while (buf.hasRemaining()) {
            if (ch.read(buf, buf.position()) < 0) throw new IOException("truncated object file");
        }
    }
}
