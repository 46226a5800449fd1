package dev.vireo.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes {@code Transfer-Encoding: chunked}: hex size line, data, CRLF; a zero chunk and trailers end it. */
final class ChunkedInput extends InputStream {
    private final ChannelInput in;
    private long chunkLeft;
    private boolean done;

    ChunkedInput(ChannelInput in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (chunkLeft == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, chunkLeft));
        if (n == -1) {
            throw new EOFException("chunked response body ended mid-chunk");
        }
        chunkLeft -= n;
        if (chunkLeft == 0) {
            expectEmptyLine();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        String line = in.readLine();
        if (line == null) {
            throw new EOFException("chunked response body ended before its last chunk");
        }
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        try {
            chunkLeft = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size '" + hex + "'");
        }
        if (chunkLeft < 0) {
            throw new IOException("bad chunk size '" + hex + "'");
        }
        if (chunkLeft == 0) {
            skipTrailers();
            done = true;
            return false;
        }
        return true;
    }

    private void skipTrailers() throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // Trailer fields carry nothing this client uses.
        }
    }

    private void expectEmptyLine() throws IOException {
        String line = in.readLine();
        if (line == null || !line.isEmpty()) {
            throw new IOException("chunk not followed by CRLF");
        }
    }
}
