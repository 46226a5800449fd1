package dev.vireo.s3.auth;

import static dev.vireo.s3.auth.Fixtures.EXAMPLE_DATE;
import static dev.vireo.s3.auth.Fixtures.EXAMPLE_TIME;
import static dev.vireo.s3.auth.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.s3.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadTest {
    private static final byte[] HELLO = "hello, world".getBytes(StandardCharsets.UTF_8);

    @TempDir Path dir;

    /** Signs a PUT with the given x-amz-content-sha256 and extra headers (all signed). */
    private Authentication put(String contentSha256, String... extraHeaders) {
        Headers.Builder headers = Headers.builder()
                .add("host", "localhost")
                .add("x-amz-content-sha256", contentSha256)
                .add("x-amz-date", EXAMPLE_DATE);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.add(extraHeaders[i], extraHeaders[i + 1]);
        }
        Headers unsigned = headers.build();
        String signedHeaders = String.join(";", unsigned.names());
        String signature = Fixtures.sign(SECRET,
                new SignedRequest("PUT", "/b/k", "", unsigned), signedHeaders, EXAMPLE_DATE);
        SignedRequest request = new SignedRequest("PUT", "/b/k", "",
                headers.add("Authorization", Fixtures.authorization(signedHeaders, signature)).build());
        lastSignature = signature;
        return Fixtures.verifier(dir, EXAMPLE_TIME).authenticate(request);
    }

    private String lastSignature;

    private static void assertS3Error(ThrowingCallable call, String code, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    @Test
    void hexHashBodyPassesWhenItMatches() throws IOException {
        Authentication auth = put(Crypto.sha256Hex(HELLO));

        assertThat(auth.payload(new ByteArrayInputStream(HELLO)).readAllBytes()).isEqualTo(HELLO);
    }

    @Test
    void hexHashMismatchFailsAtEof() throws IOException {
        Authentication auth = put(Crypto.sha256Hex("something else"));
        InputStream body = auth.payload(new ByteArrayInputStream(HELLO));

        assertThat(body.read(new byte[5])).isEqualTo(5);
        assertS3Error(body::readAllBytes, "XAmzContentSHA256Mismatch", 400);
        assertS3Error(body::read, "XAmzContentSHA256Mismatch", 400);
    }

    @Test
    void unsignedPayloadPassesThrough() throws IOException {
        Authentication auth = put("UNSIGNED-PAYLOAD");

        assertThat(auth.payload(new ByteArrayInputStream(HELLO)).readAllBytes()).isEqualTo(HELLO);
    }

    @Test
    void checksumHeaderIsVerified() throws IOException {
        String crc = crc32(HELLO);

        assertThat(put("UNSIGNED-PAYLOAD", "x-amz-checksum-crc32", crc)
                .payload(new ByteArrayInputStream(HELLO)).readAllBytes()).isEqualTo(HELLO);
        assertS3Error(() -> put("UNSIGNED-PAYLOAD", "x-amz-checksum-crc32", crc)
                .payload(new ByteArrayInputStream("hello, World".getBytes(StandardCharsets.UTF_8)))
                .readAllBytes(), "BadDigest", 400);
    }

    @Test
    void signedChunksVerifyAndDecode() throws IOException {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "content-encoding", "aws-chunked", "x-amz-decoded-content-length", "17");
        byte[] body = signedChunks(lastSignature, false, "hello, ", "world", "!!!!!");

        PayloadStream payload = auth.payload(new ByteArrayInputStream(body));

        assertThat(new String(payload.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("hello, world!!!!!");
        assertThat(payload.length()).isEqualTo(17);
    }

    @Test
    void tamperedChunkSignatureIsRejectedBeforeItsDataIsReturned() {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "x-amz-decoded-content-length", "12");
        byte[] body = signedChunks(lastSignature, false, "hello, ", "world");
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int sig = text.indexOf("chunk-signature=") + "chunk-signature=".length();
        body[sig] = (byte) (body[sig] == 'a' ? 'b' : 'a');

        InputStream payload = auth.payload(new ByteArrayInputStream(body));

        assertS3Error(payload::read, "SignatureDoesNotMatch", 403);
    }

    @Test
    void tamperedChunkDataIsRejected() {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        byte[] body = signedChunks(lastSignature, false, "hello, ", "world");
        String text = new String(body, StandardCharsets.ISO_8859_1);
        body[text.indexOf("world")] = 'W';

        InputStream payload = auth.payload(new ByteArrayInputStream(body));

        assertS3Error(payload::readAllBytes, "SignatureDoesNotMatch", 403);
    }

    @Test
    void chunksFromAnotherRequestAreRejected() {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        byte[] body = signedChunks("0".repeat(64), false, "hello");

        assertS3Error(() -> auth.payload(new ByteArrayInputStream(body)).readAllBytes(),
                "SignatureDoesNotMatch", 403);
    }

    @Test
    void truncatedOrMisdeclaredChunkedBodiesAreIncomplete() {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "x-amz-decoded-content-length", "12");
        byte[] whole = signedChunks(lastSignature, false, "hello, ", "world");
        byte[] truncated = Arrays.copyOf(whole, whole.length - 100);
        byte[] noFinalChunk = signedChunks(lastSignature, true, "hello, ", "world");

        assertS3Error(() -> auth.payload(new ByteArrayInputStream(truncated)).readAllBytes(),
                "IncompleteBody", 400);
        assertS3Error(() -> auth.payload(new ByteArrayInputStream(noFinalChunk)).readAllBytes(),
                "IncompleteBody", 400);
        Authentication misdeclared = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "x-amz-decoded-content-length", "13");
        byte[] twelveBytes = signedChunks(lastSignature, false, "hello, ", "world");
        assertS3Error(() -> misdeclared.payload(new ByteArrayInputStream(twelveBytes)).readAllBytes(),
                "IncompleteBody", 400);
    }

    @Test
    void unsignedTrailerChunksDecodeAndVerifyTheChecksum() throws IOException {
        for (String[] trailer : new String[][] {
                {"x-amz-checksum-crc32", crc32(HELLO)},
                {"x-amz-checksum-crc32c", crc32c(HELLO)},
                {"x-amz-checksum-sha256", Base64.getEncoder().encodeToString(
                        Crypto.sha256().digest(HELLO))}}) {
            Authentication auth = put("STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                    "content-encoding", "aws-chunked", "x-amz-decoded-content-length", "12",
                    "x-amz-trailer", trailer[0]);
            byte[] body = unsignedChunks(trailer[0] + ":" + trailer[1], "hello", ", world");

            PayloadStream payload = auth.payload(new ByteArrayInputStream(body));

            assertThat(payload.readAllBytes()).isEqualTo(HELLO);
            assertThat(payload.trailers().first(trailer[0])).hasValue(trailer[1]);
        }
    }

    @Test
    void unsignedTrailerChecksumMismatchIsBadDigest() {
        Authentication auth = put("STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "x-amz-trailer", "x-amz-checksum-crc32c");
        byte[] body = unsignedChunks("x-amz-checksum-crc32c:" + crc32c(HELLO), "hello", ", World");

        assertS3Error(() -> auth.payload(new ByteArrayInputStream(body)).readAllBytes(),
                "BadDigest", 400);
    }

    @Test
    void undeclaredOrMissingTrailersAreRejected() {
        Authentication declared = put("STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "x-amz-trailer", "x-amz-checksum-crc32");
        Authentication undeclared = put("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        byte[] withTrailer = unsignedChunks("x-amz-checksum-crc32:" + crc32(HELLO), "hello, world");
        byte[] withoutTrailer = unsignedChunks(null, "hello, world");

        assertS3Error(() -> undeclared.payload(new ByteArrayInputStream(withTrailer)).readAllBytes(),
                "InvalidRequest", 400);
        assertS3Error(() -> declared.payload(new ByteArrayInputStream(withoutTrailer)).readAllBytes(),
                "InvalidRequest", 400);
    }

    @Test
    void malformedChunkFramingIsRejected() {
        Authentication auth = put("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        byte[] body = "zz\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertS3Error(() -> auth.payload(new ByteArrayInputStream(body)).readAllBytes(),
                "InvalidRequest", 400);
    }

    @Test
    void signedChunksWithSignedTrailerVerify() throws IOException {
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "x-amz-decoded-content-length", "12", "x-amz-trailer", "x-amz-checksum-crc64nvme");
        String trailer = "x-amz-checksum-crc64nvme:" + crc64nvme(HELLO);

        PayloadStream payload = auth.payload(new ByteArrayInputStream(
                signedChunksWithTrailer(lastSignature, trailer, true, "hello", ", world")));

        assertThat(payload.readAllBytes()).isEqualTo(HELLO);
        assertThat(payload.trailers().first("x-amz-checksum-crc64nvme")).hasValue(crc64nvme(HELLO));
    }

    @Test
    void signedTrailerMustBeSignedAndMatch() {
        String trailer = "x-amz-checksum-crc32:" + crc32(HELLO);
        Authentication auth = put("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "x-amz-trailer", "x-amz-checksum-crc32");
        String seed = lastSignature;
        byte[] unsignedTrailer = signedChunksWithTrailer(seed, trailer, false, "hello, world");
        byte[] tampered = new String(signedChunksWithTrailer(seed, trailer, true, "hello, world"),
                StandardCharsets.ISO_8859_1).replace(crc32(HELLO), crc32(new byte[1]))
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] wrongData = signedChunksWithTrailer(seed, "x-amz-checksum-crc32:" + crc32(new byte[1]),
                true, "hello, world");

        assertS3Error(() -> auth.payload(new ByteArrayInputStream(unsignedTrailer)).readAllBytes(),
                "SignatureDoesNotMatch", 403);
        assertS3Error(() -> auth.payload(new ByteArrayInputStream(tampered)).readAllBytes(),
                "SignatureDoesNotMatch", 403);
        assertS3Error(() -> auth.payload(new ByteArrayInputStream(wrongData)).readAllBytes(),
                "BadDigest", 400);
    }

    /** Signed chunks, then the final chunk directly followed by a (signed) trailer. */
    private static byte[] signedChunksWithTrailer(String seed, String trailer, boolean sign,
            String... chunks) {
        ChunkSigner signer = Fixtures.chunkSigner(SECRET, EXAMPLE_DATE, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = seed;
        for (String chunk : chunks) {
            previous = writeSignedChunk(out, signer, previous, chunk.getBytes(StandardCharsets.UTF_8));
        }
        String last = signer.sign(previous, new byte[0], 0);
        StringBuilder tail = new StringBuilder("0;chunk-signature=" + last + "\r\n");
        tail.append(trailer).append("\r\n");
        if (sign) {
            tail.append("x-amz-trailer-signature:").append(signer.signTrailer(last, trailer + "\n"))
                    .append("\r\n");
        }
        tail.append("\r\n");
        out.writeBytes(tail.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String crc64nvme(byte[] data) {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(data, 0, data.length);
        long value = crc.getValue();
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void crc64NvmeMatchesTheCatalogueCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(check, 0, check.length);

        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    /** aws-chunked with a signature chain starting at {@code seed}. */
    private static byte[] signedChunks(String seed, boolean omitFinal, String... chunks) {
        ChunkSigner signer = Fixtures.chunkSigner(SECRET, EXAMPLE_DATE, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = seed;
        for (String chunk : chunks) {
            previous = writeSignedChunk(out, signer, previous, chunk.getBytes(StandardCharsets.UTF_8));
        }
        if (!omitFinal) {
            writeSignedChunk(out, signer, previous, new byte[0]);
        }
        return out.toByteArray();
    }

    private static String writeSignedChunk(ByteArrayOutputStream out, ChunkSigner signer,
            String previous, byte[] data) {
        String signature = signer.sign(previous, data, data.length);
        out.writeBytes((Integer.toHexString(data.length) + ";chunk-signature=" + signature + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return signature;
    }

    /** aws-chunked without signatures, as newer AWS SDKs send it, with an optional trailer. */
    private static byte[] unsignedChunks(String trailer, String... chunks) {
        StringBuilder out = new StringBuilder();
        for (String chunk : chunks) {
            out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        out.append("0\r\n");
        if (trailer != null) {
            out.append(trailer).append("\r\n");
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return base64Int(crc.getValue());
    }

    private static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return base64Int(crc.getValue());
    }

    private static String base64Int(long value) {
        return Base64.getEncoder().encodeToString(new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }
}
