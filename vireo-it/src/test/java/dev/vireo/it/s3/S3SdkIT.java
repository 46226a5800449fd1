package dev.vireo.it.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vireo.it.support.Vireo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The real AWS SDK for Java v2 against the daemon's S3 endpoint, with its default signing. */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class S3SdkIT {
    private static Vireo vireo;
    private static S3Keys.Key key;
    private static S3Client s3;
    private static S3Presigner presigner;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void keys() {
        vireo = Vireo.get();
        key = S3Keys.create(vireo.daemon().socket());
        s3 = S3Keys.client(vireo.s3Endpoint(), key);
        presigner = S3Keys.presigner(vireo.s3Endpoint(), key);
    }

    @AfterAll
    static void close() {
        if (s3 != null) {
            s3.close();
            presigner.close();
        }
    }

    private static String newBucket(String prefix) {
        String b = S3Keys.bucketName(prefix);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    /** Empties and deletes a bucket (best effort, for clean-up). */
    private static void drop(String bucket) {
        try {
            for (var u : s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()) {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
            }
        } catch (S3Exception e) {
            // ListMultipartUploads is not in the contract
        }
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            s3.deleteObject(r -> r.bucket(bucket).key(o.key()));
        }
        s3.deleteBucket(r -> r.bucket(bucket));
    }

    private static List<String> keysIn(String bucket) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void bucketLifecycle() {
        String b = S3Keys.bucketName("sdk-life");
        s3.createBucket(r -> r.bucket(b));
        assertThat(s3.headBucket(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3.listBuckets().buckets()).anySatisfy(x -> {
            assertThat(x.name()).isEqualTo(b);
            assertThat(x.creationDate()).isNotNull();
        });
        S3Exception again = catchThrowableOfType(S3Exception.class, () -> s3.createBucket(r -> r.bucket(b)));
        assertThat(again).as("creating it twice").isNotNull();
        assertThat(again.awsErrorDetails().errorCode()).isIn("BucketAlreadyOwnedByYou", "BucketAlreadyExists");
        s3.deleteBucket(r -> r.bucket(b));
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(b))).isInstanceOf(NoSuchBucketException.class);
        assertThat(s3.listBuckets().buckets()).noneMatch(x -> x.name().equals(b));
        S3Exception gone = catchThrowableOfType(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket(b)));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void objectsWithMetadataAndContentType() {
        String b = newBucket("sdk-obj");
        byte[] body = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        var put = s3.putObject(r -> r.bucket(b).key("docs/hello.txt").contentType("text/plain")
                .metadata(Map.of("color", "blue", "owner", "vireo")), RequestBody.fromBytes(body));
        assertThat(put.eTag()).isEqualTo("\"" + S3Keys.md5Hex(body) + "\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("docs/hello.txt"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().contentLength()).isEqualTo(body.length);
        assertThat(got.response().metadata()).containsEntry("color", "blue").containsEntry("owner", "vireo");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());

        HeadObjectResponse head = s3.headObject(r -> r.bucket(b).key("docs/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(body.length);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.eTag()).isEqualTo(put.eTag());
        assertThat(head.metadata()).isEqualTo(Map.of("color", "blue", "owner", "vireo"));
        assertThat(head.lastModified()).isNotNull();

        // Range: a closed range and a suffix
        var range = s3.getObjectAsBytes(r -> r.bucket(b).key("docs/hello.txt").range("bytes=2-5"));
        assertThat(range.asUtf8String()).isEqualTo("2345");
        assertThat(range.response().contentRange()).isEqualTo("bytes 2-5/16");
        assertThat(range.response().contentLength()).isEqualTo(4);
        var suffix = s3.getObjectAsBytes(r -> r.bucket(b).key("docs/hello.txt").range("bytes=-3"));
        assertThat(suffix.asUtf8String()).isEqualTo("def");
        assertThat(suffix.response().contentRange()).isEqualTo("bytes 13-15/16");

        // an empty object, and a binary one
        s3.putObject(r -> r.bucket(b).key("empty"), RequestBody.empty());
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("empty")).asByteArray()).isEmpty();
        byte[] bin = S3Keys.random(300_000, 7);
        var putBin = s3.putObject(r -> r.bucket(b).key("bin/data.bin"), RequestBody.fromBytes(bin));
        assertThat(putBin.eTag()).isEqualTo("\"" + S3Keys.md5Hex(bin) + "\"");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("bin/data.bin")).asByteArray()).isEqualTo(bin);

        // overwrite replaces body and metadata
        s3.putObject(r -> r.bucket(b).key("docs/hello.txt"), RequestBody.fromString("new"));
        HeadObjectResponse head2 = s3.headObject(r -> r.bucket(b).key("docs/hello.txt"));
        assertThat(head2.contentLength()).isEqualTo(3);
        assertThat(head2.metadata()).isEmpty();

        s3.deleteObject(r -> r.bucket(b).key("docs/hello.txt"));
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(b).key("docs/hello.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        NoSuchKeyException nsk = catchThrowableOfType(NoSuchKeyException.class,
                () -> s3.getObjectAsBytes(r -> r.bucket(b).key("docs/hello.txt")));
        assertThat(nsk).isNotNull();
        assertThat(nsk.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        // deleting a missing key is not an error in S3
        s3.deleteObject(r -> r.bucket(b).key("docs/hello.txt"));
        drop(b);
    }

    /** The SDK's RequestBody.fromString sends "text/plain; charset=UTF-8": it must verify as signed. */
    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=UTF-8", "text/html; charset=UTF-8", "application/json; charset=UTF-8",
        "text/plain;charset=utf-8", "application/x-custom; a=b"})
    void contentTypesWithParametersVerifyAndRoundTrip(String contentType) {
        String b = newBucket("sdk-ct");
        s3.putObject(r -> r.bucket(b).key("typed").contentType(contentType), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        // media-type equivalent (Jetty re-renders well-known types as "text/plain;charset=utf-8")
        assertThat(mediaType(s3.headObject(r -> r.bucket(b).key("typed")).contentType())).isEqualTo(mediaType(contentType));
        drop(b);
    }

    private static String mediaType(String contentType) {
        return contentType.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
    }

    @Test
    void listObjectsV2WithPrefixDelimiterAndPaging() {
        String b = newBucket("sdk-list");
        List<String> keys = List.of("dir/a1", "dir/a2", "dir/a3", "dir/sub1/x", "dir/sub2/y", "other/z", "top");
        for (String k : keys) {
            s3.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));
        }

        List<String> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(b)
                    .prefix("dir/").delimiter("/").maxKeys(2).continuationToken(t).build());
            pages++;
            assertThat(page.keyCount()).isEqualTo(page.contents().size() + page.commonPrefixes().size());
            assertThat(page.keyCount()).isLessThanOrEqualTo(2);
            assertThat(page.prefix()).isEqualTo("dir/");
            assertThat(page.delimiter()).isEqualTo("/");
            assertThat(page.maxKeys()).isEqualTo(2);
            page.contents().forEach(o -> contents.add(o.key()));
            page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(prefixes::add);
            if (page.isTruncated()) {
                assertThat(page.nextContinuationToken()).isNotBlank();
            } else {
                assertThat(page.nextContinuationToken()).isNull();
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            assertThat(pages).as("paging terminates").isLessThan(10);
        } while (token != null);
        assertThat(contents).containsExactly("dir/a1", "dir/a2", "dir/a3");
        assertThat(prefixes).containsExactly("dir/sub1/", "dir/sub2/");
        assertThat(pages).isEqualTo(3);

        // top level with a delimiter
        ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket(b).delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("top");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir/", "other/");
        assertThat(top.isTruncated()).isFalse();

        // no delimiter: all seven in order, pages of two, sizes and ETags
        List<S3Object> all = new ArrayList<>();
        token = null;
        pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(b).maxKeys(2).continuationToken(t));
            pages++;
            all.addAll(page.contents());
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            assertThat(pages).isLessThan(10);
        } while (token != null);
        assertThat(pages).isEqualTo(4);
        assertThat(all).extracting(S3Object::key).containsExactlyElementsOf(keys);
        for (S3Object o : all) {
            byte[] body = o.key().getBytes(StandardCharsets.UTF_8);
            assertThat(o.size()).isEqualTo(body.length);
            assertThat(o.eTag()).isEqualTo("\"" + S3Keys.md5Hex(body) + "\"");
        }
        // the SDK's own paginator agrees
        assertThat(s3.listObjectsV2Paginator(r -> r.bucket(b).maxKeys(3)).contents())
                .extracting(S3Object::key).containsExactlyElementsOf(keys);
        // prefix with no match
        assertThat(s3.listObjectsV2(r -> r.bucket(b).prefix("nothing/")).contents()).isEmpty();
        drop(b);
    }

    @Test
    void deleteObjectsOfThreeKeys() {
        String b = newBucket("sdk-del");
        for (String k : List.of("k1", "k2", "k3", "keep")) {
            s3.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));
        }
        DeleteObjectsResponse res = s3.deleteObjects(r -> r.bucket(b).delete(Delete.builder().objects(
                ObjectIdentifier.builder().key("k1").build(),
                ObjectIdentifier.builder().key("k2").build(),
                ObjectIdentifier.builder().key("k3").build()).build()));
        assertThat(res.errors()).isEmpty();
        assertThat(res.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("k1", "k2", "k3");
        assertThat(keysIn(b)).containsExactly("keep");
        drop(b);
    }

    @Test
    void copyObjectWithMetadataCopyAndReplace() {
        String b = newBucket("sdk-copy");
        String b2 = newBucket("sdk-copy2");
        byte[] body = "copy me".getBytes(StandardCharsets.UTF_8);
        s3.putObject(r -> r.bucket(b).key("src").contentType("text/plain").metadata(Map.of("color", "blue")),
                RequestBody.fromBytes(body));

        var copied = s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("dst")
                .metadataDirective(MetadataDirective.COPY));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo("\"" + S3Keys.md5Hex(body) + "\"");
        HeadObjectResponse h = s3.headObject(r -> r.bucket(b).key("dst"));
        assertThat(h.metadata()).isEqualTo(Map.of("color", "blue"));
        assertThat(h.contentType()).isEqualTo("text/plain");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("dst")).asByteArray()).isEqualTo(body);

        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b2).destinationKey("dir/replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json")
                .metadata(Map.of("shape", "round")));
        HeadObjectResponse h2 = s3.headObject(r -> r.bucket(b2).key("dir/replaced"));
        assertThat(h2.metadata()).isEqualTo(Map.of("shape", "round"));
        assertThat(h2.contentType()).isEqualTo("application/json");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b2).key("dir/replaced")).asByteArray()).isEqualTo(body);
        // the source is untouched
        assertThat(s3.headObject(r -> r.bucket(b).key("src")).metadata()).isEqualTo(Map.of("color", "blue"));

        S3Exception missing = catchThrowableOfType(S3Exception.class, () -> s3.copyObject(r -> r.sourceBucket(b)
                .sourceKey("nope").destinationBucket(b).destinationKey("x")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        drop(b);
        drop(b2);
    }

    @Test
    void multipartUploadCompleteListAndAbort() {
        String b = newBucket("sdk-mpu");
        List<byte[]> parts = List.of(S3Keys.random(5 << 20, 1), S3Keys.random(5 << 20, 2), S3Keys.random(1 << 20, 3));
        String uploadId = s3.createMultipartUpload(r -> r.bucket(b).key("big/object").contentType("application/x-test")
                .metadata(Map.of("kind", "multipart"))).uploadId();
        assertThat(uploadId).isNotBlank();
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            int n = i + 1;
            var up = s3.uploadPart(r -> r.bucket(b).key("big/object").uploadId(uploadId).partNumber(n),
                    RequestBody.fromBytes(parts.get(n - 1)));
            assertThat(up.eTag()).isEqualTo("\"" + S3Keys.md5Hex(parts.get(n - 1)) + "\"");
            done.add(CompletedPart.builder().partNumber(n).eTag(up.eTag()).build());
        }
        ListPartsResponse listed = s3.listParts(r -> r.bucket(b).key("big/object").uploadId(uploadId));
        assertThat(listed.parts()).extracting(p -> p.partNumber()).containsExactly(1, 2, 3);
        assertThat(listed.parts()).extracting(p -> p.size()).containsExactly(5L << 20, 5L << 20, 1L << 20);
        assertThat(listed.parts()).extracting(p -> p.eTag()).containsExactlyElementsOf(done.stream().map(CompletedPart::eTag).toList());
        // not visible before completion
        assertThat(keysIn(b)).isEmpty();

        var completed = s3.completeMultipartUpload(r -> r.bucket(b).key("big/object").uploadId(uploadId)
                .multipartUpload(m -> m.parts(done)));
        String expected = S3Keys.multipartEtag(parts);
        assertThat(completed.eTag()).isEqualTo(expected);

        var whole = s3.getObjectAsBytes(r -> r.bucket(b).key("big/object"));
        java.io.ByteArrayOutputStream cat = new java.io.ByteArrayOutputStream();
        parts.forEach(cat::writeBytes);
        assertThat(whole.asByteArray().length).isEqualTo(cat.size());
        assertThat(S3Keys.md5Hex(whole.asByteArray())).isEqualTo(S3Keys.md5Hex(cat.toByteArray()));
        assertThat(whole.response().eTag()).isEqualTo(expected);
        assertThat(whole.response().contentType()).isEqualTo("application/x-test");
        assertThat(whole.response().metadata()).containsEntry("kind", "multipart");
        // a range across the part boundary
        var across = s3.getObjectAsBytes(r -> r.bucket(b).key("big/object").range("bytes=5242878-5242881"));
        assertThat(across.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(cat.toByteArray(), 5242878, 5242882));
        // the upload is gone once completed
        S3Exception after = catchThrowableOfType(S3Exception.class,
                () -> s3.listParts(r -> r.bucket(b).key("big/object").uploadId(uploadId)));
        assertThat(after.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");

        // abort another upload
        String other = s3.createMultipartUpload(r -> r.bucket(b).key("aborted")).uploadId();
        s3.uploadPart(r -> r.bucket(b).key("aborted").uploadId(other).partNumber(1), RequestBody.fromString("part"));
        s3.abortMultipartUpload(r -> r.bucket(b).key("aborted").uploadId(other));
        S3Exception nsu = catchThrowableOfType(S3Exception.class,
                () -> s3.listParts(r -> r.bucket(b).key("aborted").uploadId(other)));
        assertThat(nsu).isNotNull();
        assertThat(nsu.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
        assertThat(nsu.statusCode()).isEqualTo(404);
        S3Exception nsu2 = catchThrowableOfType(S3Exception.class, () -> s3.uploadPart(
                r -> r.bucket(b).key("aborted").uploadId(other).partNumber(2), RequestBody.fromString("late")));
        assertThat(nsu2.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
        assertThat(keysIn(b)).containsExactly("big/object");
        drop(b);
    }

    @Test
    void presignedGetWorksAndATamperedSignatureIsRefused() throws Exception {
        String b = newBucket("sdk-presign");
        s3.putObject(r -> r.bucket(b).key("shared/file.txt"), RequestBody.fromString("presigned body"));
        URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(b).key("shared/file.txt"))).url().toURI();
        assertThat(url.toString()).contains("X-Amz-Signature=");
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("presigned body");

        String s = url.toString();
        int at = s.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char c = s.charAt(at);
        String tampered = s.substring(0, at) + (c == '0' ? '1' : '0') + s.substring(at + 1);
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(403);
        assertThat(bad.body()).contains("<Error>").contains("<Code>SignatureDoesNotMatch</Code>");
        // no signature at all
        HttpResponse<String> anon = HTTP.send(HttpRequest.newBuilder(URI.create(vireo.s3Endpoint() + "/" + b
                + "/shared/file.txt")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(403);
        assertThat(anon.body()).contains("<Code>");
        drop(b);
    }

    @Test
    void invalidBucketNameIsRefusedAndNothingCreated() {
        // the SDK refuses "Bad_Bucket" itself before sending anything
        assertThatThrownBy(() -> s3.createBucket(r -> r.bucket("Bad_Bucket"))).isInstanceOf(IllegalArgumentException.class);
        // so the same CreateBucket goes out signed by the SDK's signer but sent raw
        for (String name : List.of("Bad_Bucket", "ab", "-leading-dash", "double..dot", "192.168.1.1")) {
            HttpResponse<String> res = S3Keys.signedRaw(vireo.s3Endpoint(), key, "PUT", "/" + name, new byte[0]);
            assertThat(res.statusCode()).as("%s: %s", name, res.body()).isEqualTo(400);
            assertThat(res.body()).as(name).contains("<Error>").contains("<Code>InvalidBucketName</Code>").contains("<Message>");
            assertThat(s3.listBuckets().buckets()).noneMatch(x -> x.name().equalsIgnoreCase(name));
        }
        // the raw path itself works for a valid name
        String ok = S3Keys.bucketName("sdk-raw");
        HttpResponse<String> res = S3Keys.signedRaw(vireo.s3Endpoint(), key, "PUT", "/" + ok, new byte[0]);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        s3.deleteBucket(r -> r.bucket(ok));
    }

    @Test
    void deletingANonEmptyBucketIsRefused() {
        String b = newBucket("sdk-full");
        s3.putObject(r -> r.bucket(b).key("x"), RequestBody.fromString("x"));
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket(b)));
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(keysIn(b)).containsExactly("x");
        drop(b);
    }

    @Test
    void aWrongSecretGetsSignatureDoesNotMatch() {
        try (S3Client wrong = S3Keys.client(vireo.s3Endpoint(), key.id(), key.secret() + "x")) {
            S3Exception e = catchThrowableOfType(S3Exception.class, wrong::listBuckets);
            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            String b = S3Keys.bucketName("sdk-wrong");
            S3Exception e2 = catchThrowableOfType(S3Exception.class, () -> wrong.createBucket(r -> r.bucket(b)));
            assertThat(e2.statusCode()).isEqualTo(403);
            assertThat(s3.listBuckets().buckets()).noneMatch(x -> x.name().equals(b));
        }
        try (S3Client unknown = S3Keys.client(vireo.s3Endpoint(), "VIRNOSUCHKEY000000000", key.secret())) {
            S3Exception e = catchThrowableOfType(S3Exception.class, unknown::listBuckets);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
    }

    @Test
    void aKeyWithADotDotSegmentIsRefused() throws Exception {
        String b = newBucket("sdk-dots");
        // a raw presigned PUT, so that no client normalises the path on the way
        URI url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(r -> r.bucket(b).key("a/../b"))).url().toURI();
        String raw = url.toString();
        assertThat(raw).as("the presigned URL keeps the dot-dot segment").containsAnyOf("/a/../b?", "/a/%2E%2E/b?", "/a/%2e%2e/b?");
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(raw))
                .PUT(HttpRequest.BodyPublishers.ofString("escape")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(res.body()).contains("<Error>").contains("<Code>");
        assertThat(keysIn(b)).isEmpty();
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(b).key("b"))).isInstanceOf(S3Exception.class);
        drop(b);
    }

    @Test
    void aWrongContentMd5IsBadDigestAndNothingStored() {
        String b = newBucket("sdk-md5");
        String wrong = Base64.getEncoder().encodeToString(S3Keys.md5("something else".getBytes(StandardCharsets.UTF_8)));
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> s3.putObject(
                r -> r.bucket(b).key("digest").contentMD5(wrong), RequestBody.fromString("the real body")));
        assertThat(e).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(keysIn(b)).isEmpty();
        // the right one is accepted
        byte[] body = "the real body".getBytes(StandardCharsets.UTF_8);
        String right = Base64.getEncoder().encodeToString(S3Keys.md5(body));
        s3.putObject(r -> r.bucket(b).key("digest").contentMD5(right), RequestBody.fromBytes(body));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("digest")).asByteArray()).isEqualTo(body);
        drop(b);
    }
}
