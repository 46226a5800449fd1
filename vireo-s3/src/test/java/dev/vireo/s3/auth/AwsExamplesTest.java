package dev.vireo.s3.auth;

import static dev.vireo.s3.auth.Fixtures.AKID;
import static dev.vireo.s3.auth.Fixtures.EXAMPLE_DATE;
import static dev.vireo.s3.auth.Fixtures.EXAMPLE_TIME;
import static dev.vireo.s3.auth.Fixtures.authorization;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worked examples of the AWS S3 documentation ("Signature Calculations for the Authorization
 * Header" single-chunk and multiple-chunk, and "Authenticating Requests: Using Query
 * Parameters"), with their published signatures.
 */
class AwsExamplesTest {
    private static final String EMPTY_SHA256 = Crypto.EMPTY_SHA256;
    private static final String HOST = "examplebucket.s3.amazonaws.com";

    @TempDir Path dir;

    @Test
    void getObjectWithRange() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", "", Headers.of(
                "Host", HOST,
                "Range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_DATE,
                "Authorization", authorization("host;range;x-amz-content-sha256;x-amz-date",
                        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request)).isEqualTo(new Principal(AKID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/test$file.text", "/test%24file.text", "/test%24file%2Etext"})
    void putObject(String rawPath) throws IOException {
        SignedRequest request = new SignedRequest("PUT", rawPath, "", Headers.of(
                "Host", HOST,
                "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
                "Authorization", authorization(
                        "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")));

        Authentication auth = Fixtures.verifier(dir, EXAMPLE_TIME).authenticate(request);

        assertThat(auth.principal().accessKeyId()).isEqualTo(AKID);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.SHA256);
        PayloadStream body = auth.payload(new ByteArrayInputStream(
                "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Welcome to Amazon S3.");
        assertThat(body.length()).isEqualTo(21);
    }

    @Test
    void getBucketLifecycle() {
        SignedRequest request = new SignedRequest("GET", "/", "lifecycle", Headers.of(
                "Host", HOST,
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "Authorization", authorization("host;x-amz-content-sha256;x-amz-date",
                        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request).accessKeyId()).isEqualTo(AKID);
    }

    @Test
    void listObjects() {
        SignedRequest request = new SignedRequest("GET", "/", "max-keys=2&prefix=J", Headers.of(
                "Host", HOST,
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "Authorization", authorization("host;x-amz-content-sha256;x-amz-date",
                        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request).accessKeyId()).isEqualTo(AKID);
    }

    @Test
    void listObjectsWithParametersInAnotherOrder() {
        SignedRequest request = new SignedRequest("GET", "/", "prefix=J&max-keys=2", Headers.of(
                "Host", HOST,
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "Authorization", authorization("host;x-amz-content-sha256;x-amz-date",
                        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")));

        assertThat(Fixtures.verifier(dir, EXAMPLE_TIME).verify(request).accessKeyId()).isEqualTo(AKID);
    }

    @Test
    void presignedUrl() {
        SignedRequest request = new SignedRequest("GET", "/test.txt", presignedQuery(
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
                Headers.of("Host", HOST));

        Authentication auth = Fixtures.verifier(dir, EXAMPLE_TIME.plusSeconds(3600))
                .authenticate(request);

        assertThat(auth.principal().accessKeyId()).isEqualTo(AKID);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
    }

    static String presignedQuery(String signature) {
        return "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=" + signature;
    }

    @Test
    void putObjectInMultipleSignedChunks() throws IOException {
        Authentication auth = Fixtures.verifier(dir, EXAMPLE_TIME).authenticate(chunkedRequest());

        PayloadStream body = auth.payload(new ByteArrayInputStream(chunkedBody(
                "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")));
        byte[] decoded = body.readAllBytes();

        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
        assertThat(auth.decodedContentLength()).hasValue(66560);
        assertThat(decoded).hasSize(66560).containsOnly('a');
        assertThat(body.length()).isEqualTo(66560);
    }

    /**
     * The same chunks followed by trailing headers, with the trailer signature of the AWS Common
     * Runtime's ChunkSignerTests for this example.
     */
    @Test
    void signedTrailerAfterTheExampleChunks() throws IOException {
        String trailerSignature = "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c";
        ChunkSigner signer = Fixtures.chunkSigner(Fixtures.SECRET, EXAMPLE_DATE,
                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        byte[] chunks = chunkedBody(
                "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(chunks, 0, chunks.length - 2); // the final chunk's CRLF gives way to trailers
        body.write(("first:1st\r\nsecond:2nd\r\nthird:3rd\r\nx-amz-trailer-signature:"
                + trailerSignature + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

        var decoded = new AwsChunkedInputStream(new ByteArrayInputStream(body.toByteArray()), signer,
                true, Map.of(), OptionalLong.of(66560), "/examplebucket");

        assertThat(signer.signTrailer(
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
                "first:1st\nsecond:2nd\nthird:3rd\n")).isEqualTo(trailerSignature);
        assertThat(decoded.readAllBytes()).hasSize(66560);
        assertThat(decoded.trailers().first("second")).hasValue("2nd");
    }

    static SignedRequest chunkedRequest() {
        return new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "", Headers.of(
                "Host", "s3.amazonaws.com",
                "x-amz-date", EXAMPLE_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "Content-Length", "66824",
                "Authorization", authorization("content-encoding;content-length;host;"
                                + "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class",
                        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")));
    }

    /** The example's body: 64 KiB of 'a', 1 KiB of 'a', the final chunk. */
    static byte[] chunkedBody(String firstChunkSignature) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunk(out, 65536, firstChunkSignature);
        chunk(out, 1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        chunk(out, 0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        assertThat(out.size()).isEqualTo(66824);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, int size, String signature)
            throws IOException {
        out.write((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'a');
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
