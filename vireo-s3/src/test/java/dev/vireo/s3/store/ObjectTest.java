package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.assertS3Error;
import static dev.vireo.s3.store.StoreFixture.md5Base64;
import static dev.vireo.s3.store.StoreFixture.md5Hex;
import static dev.vireo.s3.store.StoreFixture.put;
import static dev.vireo.s3.store.StoreFixture.read;
import static dev.vireo.s3.store.StoreFixture.readString;
import static dev.vireo.s3.store.StoreFixture.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectTest {
    @TempDir Path root;
    ObjectStore store;

    @BeforeEach
    void open() {
        store = new ObjectStore(root);
        store.createBucket("bkt");
    }

    @Test
    void putGetHead() {
        byte[] data = "hello world".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = store.putObject("bkt", "dir/hello.txt", new ByteArrayInputStream(data), data.length,
                md5Base64(data), "text/plain", Map.of("owner", "me"));
        assertThat(info.etag()).isEqualTo('"' + md5Hex(data) + '"');
        assertThat(info.size()).isEqualTo(11);
        assertThat(store.headObject("bkt", "dir/hello.txt")).isEqualTo(info);
        try (ObjectContent c = store.getObject("bkt", "dir/hello.txt", null)) {
            assertThat(c.body().readAllBytes()).isEqualTo(data);
            assertThat(c.info().metadata()).containsEntry("owner", "me");
            assertThat(c.info().contentType()).isEqualTo("text/plain");
            assertThat(c.ranged()).isFalse();
            assertThat(c.totalSize()).isEqualTo(11);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void emptyObjectAndDefaultContentType() {
        ObjectInfo info = store.putObject("bkt", "empty", new ByteArrayInputStream(new byte[0]), 0, null, null, null);
        assertThat(info.etag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
        assertThat(info.contentType()).isEqualTo("binary/octet-stream");
        assertThat(read(store, "bkt", "empty", null)).isEmpty();
        assertS3Error(() -> store.getObject("bkt", "empty", ByteRange.from(0)), "InvalidRange", 416);
    }

    @Test
    void overwriteReplacesAndSurvivesReopen() {
        put(store, "bkt", "k", "one");
        put(store, "bkt", "k", "two!");
        assertThat(readString(store, "bkt", "k")).isEqualTo("two!");
        ObjectStore reopened = new ObjectStore(root);
        assertThat(readString(reopened, "bkt", "k")).isEqualTo("two!");
        assertThat(reopened.listObjectsV2("bkt", null, null, 1000, null, null).contents())
                .extracting(ObjectSummary::key, ObjectSummary::size).containsExactly(org.assertj.core.groups.Tuple.tuple("k", 4L));
    }

    @Test
    void keysDoNotBecomeDirectories() throws Exception {
        put(store, "bkt", "a/b/c", "x");
        put(store, "bkt", "a/b", "y");
        assertThat(readString(store, "bkt", "a/b/c")).isEqualTo("x");
        assertThat(readString(store, "bkt", "a/b")).isEqualTo("y");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("a", "c");
        }
    }

    @Test
    void ranges() {
        put(store, "bkt", "r", "0123456789");
        assertThat(new String(read(store, "bkt", "r", ByteRange.of(2, 4)))).isEqualTo("234");
        assertThat(new String(read(store, "bkt", "r", ByteRange.from(7)))).isEqualTo("789");
        assertThat(new String(read(store, "bkt", "r", ByteRange.suffix(3)))).isEqualTo("789");
        assertThat(new String(read(store, "bkt", "r", ByteRange.suffix(50)))).isEqualTo("0123456789");
        assertThat(new String(read(store, "bkt", "r", ByteRange.of(8, 100)))).isEqualTo("89");
        try (ObjectContent c = store.getObject("bkt", "r", ByteRange.of(2, 4))) {
            assertThat(c.first()).isEqualTo(2);
            assertThat(c.last()).isEqualTo(4);
            assertThat(c.length()).isEqualTo(3);
            assertThat(c.totalSize()).isEqualTo(10);
            assertThat(c.ranged()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertS3Error(() -> store.getObject("bkt", "r", ByteRange.from(10)), "InvalidRange", 416);
        assertS3Error(() -> store.getObject("bkt", "r", ByteRange.suffix(0)), "InvalidRange", 416);
    }

    @Test
    void missingKeyAndBucket() {
        assertS3Error(() -> store.getObject("bkt", "nope", null), "NoSuchKey", 404);
        assertS3Error(() -> store.headObject("bkt", "nope"), "NoSuchKey", 404);
        assertS3Error(() -> store.getObject("nobucket", "k", null), "NoSuchBucket", 404);
        assertS3Error(() -> put(store, "nobucket", "k", "x"), "NoSuchBucket", 404);
        assertS3Error(() -> store.listObjectsV2("nobucket", null, null, 10, null, null), "NoSuchBucket", 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/../b", "..", "../x", "x/..", "/abs", "nul\u0000key", ""})
    void badKeysRefused(String key) {
        assertS3Error(() -> put(store, "bkt", key, "x"), "InvalidArgument", 400);
        assertS3Error(() -> store.getObject("bkt", key, null), "InvalidArgument", 400);
    }

    @Test
    void keyLengthLimitInUtf8Bytes() {
        put(store, "bkt", "k".repeat(1024), "x");
        assertS3Error(() -> put(store, "bkt", "k".repeat(1025), "x"), "KeyTooLongError", 400);
        assertS3Error(() -> put(store, "bkt", "é".repeat(513), "x"), "KeyTooLongError", 400);
        put(store, "bkt", "a..b/..c/.", "dots that are not a '..' segment are fine");
    }

    @Test
    void oversizedPutRefusedWithoutReadingBody() {
        assertS3Error(() -> store.putObject("bkt", "huge", unreadable(), ObjectStore.MAX_PUT_SIZE + 1, null, null, Map.of()),
                "EntityTooLarge", 400);
        assertS3Error(() -> store.putObject("bkt", "neg", unreadable(), -1, null, null, Map.of()), "MissingContentLength", 411);
    }

    @Test
    void contentMd5Checked() {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertS3Error(() -> store.putObject("bkt", "k", new ByteArrayInputStream(data), data.length, "not-base64!", null, Map.of()),
                "InvalidDigest", 400);
        assertS3Error(() -> store.putObject("bkt", "k", new ByteArrayInputStream(data), data.length, "AAAA", null, Map.of()),
                "InvalidDigest", 400);
        assertS3Error(() -> store.putObject("bkt", "k", new ByteArrayInputStream(data), data.length,
                md5Base64("other".getBytes()), null, Map.of()), "BadDigest", 400);
        assertS3Error(() -> store.headObject("bkt", "k"), "NoSuchKey", 404);
    }

    @Test
    void shortBodyIsIncompleteAndKeepsPreviousVersion() throws Exception {
        put(store, "bkt", "k", "old");
        assertS3Error(() -> store.putObject("bkt", "k", new ByteArrayInputStream(new byte[5]), 10, null, null, Map.of()),
                "IncompleteBody", 400);
        assertThat(readString(store, "bkt", "k")).isEqualTo("old");
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void metadataTooLarge() {
        assertS3Error(() -> store.putObject("bkt", "k", new ByteArrayInputStream(new byte[0]), 0, null, null,
                Map.of("m", "x".repeat(2100))), "MetadataTooLarge", 400);
    }

    @Test
    void deleteIsIdempotent() {
        put(store, "bkt", "k", "v");
        store.deleteObject("bkt", "k");
        store.deleteObject("bkt", "k");
        assertS3Error(() -> store.headObject("bkt", "k"), "NoSuchKey", 404);
        assertThat(store.listObjectsV2("bkt", null, null, 1000, null, null).keyCount()).isZero();
    }

    @Test
    void deleteObjectsReportsPerKey() {
        put(store, "bkt", "a", "1");
        put(store, "bkt", "b", "2");
        List<DeleteResult> results = store.deleteObjects("bkt", List.of("a", "missing", "/bad"), false);
        assertThat(results).extracting(DeleteResult::key, DeleteResult::deleted, DeleteResult::errorCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", true, null),
                org.assertj.core.groups.Tuple.tuple("missing", true, null),
                org.assertj.core.groups.Tuple.tuple("/bad", false, "InvalidArgument"));
        assertThat(store.deleteObjects("bkt", List.of("b", "/bad"), true)).extracting(DeleteResult::key).containsExactly("/bad");
        assertThat(store.listObjectsV2("bkt", null, null, 1000, null, null).keyCount()).isZero();
        assertS3Error(() -> store.deleteObjects("bkt", List.of(), false), "MalformedXML", 400);
        assertS3Error(() -> store.deleteObjects("bkt", java.util.Collections.nCopies(1001, "k"), false), "MalformedXML", 400);
    }

    @Test
    void copyKeepsOrReplacesMetadata() {
        byte[] data = "copy me".getBytes(StandardCharsets.UTF_8);
        ObjectInfo src = store.putObject("bkt", "src", new ByteArrayInputStream(data), data.length, null, "text/plain",
                Map.of("a", "1"));
        store.createBucket("other");
        ObjectInfo copied = store.copyObject("bkt", "src", "other", "dst", MetadataDirective.COPY, Map.of("z", "9"), "x/y");
        assertThat(copied.etag()).isEqualTo(src.etag());
        assertThat(copied.metadata()).isEqualTo(Map.of("a", "1"));
        assertThat(copied.contentType()).isEqualTo("text/plain");
        assertThat(read(store, "other", "dst", null)).isEqualTo(data);
        ObjectInfo replaced = store.copyObject("bkt", "src", "bkt", "src", MetadataDirective.REPLACE, Map.of("z", "9"), "x/y");
        assertThat(replaced.metadata()).isEqualTo(Map.of("z", "9"));
        assertThat(store.headObject("bkt", "src").contentType()).isEqualTo("x/y");
        assertThat(read(store, "bkt", "src", null)).isEqualTo(data);
        assertS3Error(() -> store.copyObject("bkt", "src", "bkt", "src", MetadataDirective.COPY, null, null), "InvalidRequest", 400);
        assertS3Error(() -> store.copyObject("bkt", "missing", "bkt", "x", MetadataDirective.COPY, null, null), "NoSuchKey", 404);
        assertS3Error(() -> store.copyObject("bkt", "src", "nobucket", "x", MetadataDirective.COPY, null, null), "NoSuchBucket", 404);
    }

    @Test
    void openReadSurvivesOverwriteAndDelete() throws Exception {
        put(store, "bkt", "k", "first version");
        try (ObjectContent c = store.getObject("bkt", "k", null)) {
            put(store, "bkt", "k", "second");
            store.deleteObject("bkt", "k");
            assertThat(new String(c.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first version");
        }
        assertS3Error(() -> store.getObject("bkt", "k", null), "NoSuchKey", 404);
    }
}
