package dev.vireo.s3.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object being read: its info and a stream of bytes {@code first..last} (inclusive). The
 * stream reads from the file version opened at request time, so concurrent overwrites do not
 * affect it. Close it.
 *
 * @param ranged true when a Range was requested (HTTP 206)
 */
public record ObjectContent(ObjectInfo info, InputStream body, long first, long last, long totalSize,
                            boolean ranged) implements AutoCloseable {
    /** Bytes the stream will deliver. */
    public long length() { return last - first + 1; }

    @Override public void close() throws IOException { body.close(); }
}
