package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.assertS3Error;
import static dev.vireo.s3.store.StoreFixture.put;
import static dev.vireo.s3.store.StoreFixture.putAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListObjectsTest {
    @TempDir Path root;
    ObjectStore store;

    @BeforeEach
    void open() {
        store = new ObjectStore(root);
        store.createBucket("bkt");
    }

    @Test
    void paginatesThousandsOfKeys() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2500; i++) expected.add("data/%05d".formatted(i));
        putAll(store, "bkt", expected);
        put(store, "bkt", "other", "x");
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListObjectsResult page = store.listObjectsV2("bkt", "data/", null, 1000, token, null);
            page.contents().forEach(s -> seen.add(s.key()));
            assertThat(page.keyCount()).isEqualTo(page.contents().size());
            token = page.nextContinuationToken();
            assertThat(page.truncated()).isEqualTo(token != null);
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void delimiterRollsUpAndPrefixesCountTowardsMaxKeys() {
        // 2,500 keys in 5 "directories" plus 3 top-level keys
        List<String> keys = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (int i = 0; i < 500; i++) keys.add("dir%d/f%04d".formatted(d, i));
        }
        putAll(store, "bkt", keys);
        for (String k : List.of("a-top", "m-top", "z-top")) put(store, "bkt", k, "x");

        ListObjectsResult all = store.listObjectsV2("bkt", null, "/", 1000, null, null);
        assertThat(all.commonPrefixes()).containsExactly("dir0/", "dir1/", "dir2/", "dir3/", "dir4/");
        assertThat(all.contents()).extracting(ObjectSummary::key).containsExactly("a-top", "m-top", "z-top");
        assertThat(all.keyCount()).isEqualTo(8);
        assertThat(all.truncated()).isFalse();

        List<String> entries = new ArrayList<>();
        String token = null;
        do {
            ListObjectsResult page = store.listObjectsV2("bkt", null, "/", 3, token, null);
            assertThat(page.keyCount()).isLessThanOrEqualTo(3);
            page.contents().forEach(s -> entries.add(s.key()));
            entries.addAll(page.commonPrefixes());
            token = page.nextContinuationToken();
        } while (token != null);
        assertThat(entries).containsExactlyInAnyOrder("a-top", "m-top", "z-top", "dir0/", "dir1/", "dir2/", "dir3/", "dir4/");

        ListObjectsResult inDir = store.listObjectsV2("bkt", "dir3/", "/", 1000, null, null);
        assertThat(inDir.contents()).hasSize(500);
        assertThat(inDir.commonPrefixes()).isEmpty();
    }

    @Test
    void startAfterAndMaxKeysZero() {
        for (String k : List.of("a", "b", "c", "d")) put(store, "bkt", k, "x");
        assertThat(store.listObjectsV2("bkt", null, null, 1000, null, "b").contents())
                .extracting(ObjectSummary::key).containsExactly("c", "d");
        ListObjectsResult none = store.listObjectsV2("bkt", null, null, 0, null, null);
        assertThat(none.keyCount()).isZero();
        assertThat(none.truncated()).isFalse();
        assertThat(store.listObjectsV2("bkt", null, null, 5000, null, null).keyCount()).isEqualTo(4);
        assertS3Error(() -> store.listObjectsV2("bkt", null, null, -1, null, null), "InvalidArgument", 400);
        assertS3Error(() -> store.listObjectsV2("bkt", null, null, 10, "%%%", null), "InvalidArgument", 400);
    }

    @Test
    void sortsByUtf8Bytes() {
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, though not in UTF-16
        for (String k : List.of("\uD83D\uDE00", "\uFF21", "z", "A")) put(store, "bkt", k, "x");
        assertThat(store.listObjectsV2("bkt", null, null, 1000, null, null).contents()).extracting(ObjectSummary::key)
                .containsExactly("A", "z", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void contentsCarryEtagSizeAndTime() {
        ObjectInfo info = put(store, "bkt", "k", "12345");
        ObjectSummary s = store.listObjectsV2("bkt", "k", null, 1000, null, null).contents().getFirst();
        assertThat(s).isEqualTo(new ObjectSummary("k", info.etag(), 5, info.lastModified()));
    }

    @Test
    void multiCharDelimiterWithPrefixAndStartAfter() {
        for (String k : List.of("p/a::1", "p/a::2", "p/b::1", "p/c", "q::1")) put(store, "bkt", k, "x");
        ListObjectsResult r = store.listObjectsV2("bkt", "p/", "::", 1000, null, null);
        assertThat(r.commonPrefixes()).containsExactly("p/a::", "p/b::");
        assertThat(r.contents()).extracting(ObjectSummary::key).containsExactly("p/c");
        ListObjectsResult after = store.listObjectsV2("bkt", "p/", "::", 1000, null, "p/a::1");
        assertThat(after.commonPrefixes()).containsExactly("p/a::", "p/b::");
        ListObjectsResult first = store.listObjectsV2("bkt", "p/", "::", 1, null, null);
        assertThat(first.commonPrefixes()).containsExactly("p/a::");
        ListObjectsResult second = store.listObjectsV2("bkt", "p/", "::", 1, first.nextContinuationToken(), null);
        assertThat(second.commonPrefixes()).containsExactly("p/b::");
    }
}
