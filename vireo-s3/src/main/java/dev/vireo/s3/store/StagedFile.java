package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new object file being written in the temp directory. It becomes visible only through
 * {@link #commit}: fsync file, atomic rename, fsync directory. Closing an uncommitted file deletes
 * it, so a failure never leaves a partial object.
 */
final class StagedFile implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    // a random prefix per JVM plus a counter: unique without SecureRandom on every write
    private static final String PREFIX = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path tmp;
    private final FileChannel ch;
    private final MessageDigest md5;
    private final int headerLength;
    private long bodyBytes;
    private boolean committed;

    private StagedFile(Path tmp, FileChannel ch, int headerLength) {
        this.tmp = tmp;
        this.ch = ch;
        this.headerLength = headerLength;
        this.md5 = newMd5();
    }

    static StagedFile create(Path tmpDir, String key, String contentType, Map<String, String> metadata) throws IOException {
        Path tmp = tmpDir.resolve(PREFIX + COUNTER.incrementAndGet() + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            byte[] header = ObjectFile.encodeHeader(key, contentType, metadata);
            writeFully(ch, ByteBuffer.wrap(header));
            return new StagedFile(tmp, ch, header.length);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies exactly {@code length} bytes from {@code in}, hashing them; IncompleteBody if it ends early. */
    void writeBody(InputStream in, long length, String resource) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
        ByteBuffer wrapped = ByteBuffer.wrap(buf);
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) throw S3Exception.incompleteBody(resource);
            md5.update(buf, 0, n);
            wrapped.clear().limit(n);
            writeFully(ch, wrapped);
            remaining -= n;
        }
        bodyBytes += length;
    }

    /** Appends the body bytes of another file without hashing them (multipart assembly, copy). */
    void append(FileChannel src, long position, long count) throws IOException {
        long done = 0;
        while (done < count) {
            long n = src.transferTo(position + done, count - done, ch);
            if (n <= 0) throw new IOException("short transfer");
            done += n;
        }
        bodyBytes += count;
    }

    /** Binary MD5 of the bytes passed to {@link #writeBody}. */
    byte[] md5() { return md5.digest(); }

    long bodyBytes() { return bodyBytes; }

    /** Records etag, size and time in the header and makes the file durable. */
    void finish(String etag, Instant lastModified) throws IOException {
        ByteBuffer trailer = ObjectFile.encodeTrailer(etag, bodyBytes, lastModified);
        long pos = ObjectFile.ETAG_OFFSET;
        while (trailer.hasRemaining()) pos += ch.write(trailer, pos);
        ch.force(false); // fdatasync: flushes data and the size, skips timestamps
        ch.close();
    }

    /** Atomically replaces {@code target} with this file and fsyncs the directory. */
    void commit(Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        fsyncDir(target.getParent());
    }

    int headerLength() { return headerLength; }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    @Override
    public void close() {
        if (committed) return;
        try {
            ch.close();
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
