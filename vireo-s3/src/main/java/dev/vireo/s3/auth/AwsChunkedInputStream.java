package dev.vireo.s3.auth;

import dev.vireo.s3.S3Exception;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decodes aws-chunked framing ({@code hex-size[;chunk-signature=sig]\r\n data \r\n ... 0...})
 * into the object's bytes. With a {@link ChunkSigner}, each chunk (including the final empty one)
 * is buffered whole and its signature verified before any of it is returned; without one, chunks
 * stream through. With trailers, the {@code name:value} lines after the final chunk are parsed
 * (and their {@code x-amz-trailer-signature} checked when signed), and checksum trailers named in
 * {@code x-amz-trailer} are verified at EOF.
 */
final class AwsChunkedInputStream extends InputStream {
    static final int MAX_SIGNED_CHUNK = 16 * 1024 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private final InputStream in;
    private final ChunkSigner signer;
    private final boolean withTrailers;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> trailerDigests;
    private final OptionalLong declaredLength;
    private final String resource;
    private final Headers.Builder trailers = Headers.builder();
    private String previousSignature;
    private byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long remainingInChunk;
    private long decoded;
    private boolean finished;

    AwsChunkedInputStream(InputStream in, ChunkSigner signer, boolean withTrailers,
            Map<ChecksumAlgorithm, ChecksumAlgorithm.Digest> trailerDigests,
            OptionalLong declaredLength, String resource) {
        this.in = in;
        this.signer = signer;
        this.withTrailers = withTrailers;
        this.previousSignature = signer == null ? null : signer.seedSignature();
        this.trailerDigests = Map.copyOf(trailerDigests);
        this.declaredLength = declaredLength;
        this.resource = resource;
    }

    /** The trailing headers; complete once the stream reached EOF. */
    Headers trailers() {
        return trailers.build();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void fill() throws IOException {
        if (remainingInChunk > 0) {
            int n = (int) Math.min(remainingInChunk, buffer.length);
            readFully(buffer, n);
            remainingInChunk -= n;
            if (remainingInChunk == 0) {
                expectCrlf();
            }
            deliver(buffer, n);
            return;
        }
        String header = readLine();
        if (header == null) {
            throw AuthErrors.incompleteBody(resource);
        }
        int semicolon = header.indexOf(';');
        long size = parseSize(semicolon < 0 ? header : header.substring(0, semicolon));
        if (signer != null) {
            readSignedChunk(size, semicolon < 0 ? "" : header.substring(semicolon + 1));
        } else if (size == 0) {
            readTrailers();
            finish();
        } else {
            remainingInChunk = size;
        }
    }

    private void readSignedChunk(long size, String extensions) throws IOException {
        if (size > MAX_SIGNED_CHUNK) {
            throw AuthErrors.invalidRequest("aws-chunked chunk of " + size + " bytes exceeds the "
                    + MAX_SIGNED_CHUNK + "-byte limit", resource);
        }
        String prefix = "chunk-signature=";
        String provided = extensions.strip().startsWith(prefix)
                ? extensions.strip().substring(prefix.length()).strip() : "";
        byte[] data = new byte[(int) size];
        readFully(data, data.length);
        if (size > 0 || !withTrailers) {
            expectCrlf(); // with trailers, they follow the final chunk's header directly
        }
        String expected = signer.sign(previousSignature, data, data.length);
        if (provided.length() != expected.length() || !Crypto.sameSignature(expected, provided)) {
            throw AuthErrors.signatureMismatch(resource);
        }
        previousSignature = expected;
        if (size == 0) {
            if (withTrailers) {
                readTrailers();
            }
            finish();
        } else {
            deliver(data, data.length);
        }
    }

    private void deliver(byte[] data, int length) {
        for (ChecksumAlgorithm.Digest digest : trailerDigests.values()) {
            digest.update(data, 0, length);
        }
        decoded += length;
        if (declaredLength.isPresent() && decoded > declaredLength.getAsLong()) {
            throw AuthErrors.incompleteBody(resource); // more than x-amz-decoded-content-length
        }
        buffer = data;
        position = 0;
        limit = length;
    }

    private void finish() {
        finished = true;
        if (declaredLength.isPresent() && declaredLength.getAsLong() != decoded) {
            throw AuthErrors.incompleteBody(resource);
        }
        Headers received = trailers.build();
        for (var entry : trailerDigests.entrySet()) {
            ChecksumAlgorithm algorithm = entry.getKey();
            String value = received.first(algorithm.headerName()).orElseThrow(() ->
                    AuthErrors.invalidRequest("The trailer " + algorithm.headerName()
                            + " declared in x-amz-trailer is missing", resource));
            if (!MessageDigest.isEqual(entry.getValue().finish(), decodeBase64(value))) {
                throw AuthErrors.badDigest(algorithm.name(), resource);
            }
        }
    }

    /** Reads {@code name:value} lines up to an empty line or EOF, checking a trailer signature. */
    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("trailer '" + line + "' is not name:value");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
                continue;
            }
            ChecksumAlgorithm.ofHeader(name).filter(a -> !trailerDigests.containsKey(a))
                    .ifPresent(a -> {
                        throw AuthErrors.invalidRequest("The trailer " + name
                                + " was not declared in x-amz-trailer", resource);
                    });
            trailers.add(name, value);
            canonical.append(name).append(':').append(value).append('\n');
        }
        if (signer != null) {
            String expected = signer.signTrailer(previousSignature, canonical.toString());
            if (trailerSignature == null || trailerSignature.length() != expected.length()
                    || !Crypto.sameSignature(expected, trailerSignature)) {
                throw AuthErrors.signatureMismatch(resource);
            }
        }
    }

    private byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new S3Exception("InvalidRequest", 400, "The checksum trailer is not valid base64",
                    resource);
        }
    }

    private long parseSize(String hex) {
        String digits = hex.strip();
        if (digits.isEmpty() || digits.length() > 15) {
            throw malformed("bad chunk size '" + digits + "'");
        }
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            throw malformed("bad chunk size '" + digits + "'");
        }
    }

    /** A CRLF-terminated line without the CRLF; null at EOF before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw AuthErrors.incompleteBody(resource);
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw malformed("expected CRLF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw malformed("line too long");
            }
            line.write(b);
        }
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw malformed("expected CRLF after chunk data");
        }
    }

    private void readFully(byte[] target, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, done, length - done);
            if (n < 0) {
                throw AuthErrors.incompleteBody(resource);
            }
            done += n;
        }
    }

    private S3Exception malformed(String detail) {
        return AuthErrors.invalidRequest("Malformed aws-chunked body: " + detail, resource);
    }
}
