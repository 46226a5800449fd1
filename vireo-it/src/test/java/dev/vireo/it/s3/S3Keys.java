package dev.vireo.it.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.it.support.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Access keys from the real CLI, SDK clients for an endpoint, and digests. */
final class S3Keys {
    record Key(String id, String secret) {}

    private S3Keys() {}

    /** {@code vireo s3 key create --json} against the daemon on {@code socket}. */
    static Key create(Path socket) {
        Proc p = Proc.run(Proc.java("dev.vireo.cli.VireoCli",
                List.of("s3", "key", "create", "--socket", socket.toString(), "--json")), Map.of(), null, 120);
        assertThat(p.exit()).as("vireo s3 key create --json\n%s", p).isZero();
        try {
            JsonNode json = new ObjectMapper().readTree(p.out());
            Key key = new Key(json.get("accessKeyId").asText(), json.get("secret").asText());
            assertThat(key.id()).startsWith("VIR");
            assertThat(key.secret()).isNotBlank();
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static S3Client client(String endpoint, Key key) {
        return client(endpoint, key.id(), key.secret());
    }

    static S3Client client(String endpoint, String id, String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    static S3Presigner presigner(String endpoint, Key key) {
        return S3Presigner.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .build();
    }

    /**
     * Sends one request signed with the SDK's own SigV4 signer (header auth, signed payload) but
     * with no client-side validation or path normalisation: for inputs the SDK itself refuses.
     */
    static HttpResponse<String> signedRaw(String endpoint, Key key, String method, String rawPath, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(endpoint + rawPath)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.id(), key.secret()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(endpoint + rawPath))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try {
            return RAW.send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final HttpClient RAW = HttpClient.newHttpClient();
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("host", "content-length", "connection", "expect", "upgrade");

    static String bucketName(String prefix) {
        return prefix + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(md5(data));
    }

    /** S3's multipart ETag: md5 of the concatenated binary part md5s, "-" part count, quoted. */
    static String multipartEtag(List<byte[]> parts) {
        java.io.ByteArrayOutputStream cat = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            cat.writeBytes(md5(part));
        }
        return "\"" + md5Hex(cat.toByteArray()) + "-" + parts.size() + "\"";
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
