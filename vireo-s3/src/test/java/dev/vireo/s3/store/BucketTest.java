package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.assertS3Error;
import static dev.vireo.s3.store.StoreFixture.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketTest {
    @TempDir Path root;

    @Test
    void createHeadListDelete() {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("zeta");
        store.createBucket("alpha.b-1");
        assertThat(store.headBucket("zeta").name()).isEqualTo("zeta");
        assertThat(store.listBuckets()).extracting(BucketInfo::name).containsExactly("alpha.b-1", "zeta");
        assertThat(store.listBuckets().getFirst().creationDate()).isNotNull();
        store.deleteBucket("zeta");
        assertThat(store.listBuckets()).extracting(BucketInfo::name).containsExactly("alpha.b-1");
        assertS3Error(() -> store.headBucket("zeta"), "NoSuchBucket", 404);
        assertS3Error(() -> store.deleteBucket("zeta"), "NoSuchBucket", 404);
    }

    @Test
    void bucketsSurviveReopen() {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("keep");
        put(store, "keep", "a", "x");
        ObjectStore reopened = new ObjectStore(root);
        assertThat(reopened.listBuckets()).extracting(BucketInfo::name).containsExactly("keep");
        assertThat(reopened.headBucket("keep").creationDate()).isEqualTo(store.headBucket("keep").creationDate());
    }

    @Test
    void duplicateIsAlreadyOwned() {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("dup");
        assertS3Error(() -> store.createBucket("dup"), "BucketAlreadyOwnedByYou", 409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Abc", "abc_d", "-abc", "abc-", ".abc", "abc.", "a..b", "192.168.1.1", "xn--abc",
            "abc-s3alias", "sthree-abc", "abc--ol-s3", "", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"})
    void invalidNamesRefused(String name) {
        ObjectStore store = new ObjectStore(root);
        assertS3Error(() -> store.createBucket(name), "InvalidBucketName", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b-c", "my-bucket-2", "192.168.1.1a", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"})
    void validNamesAccepted(String name) {
        ObjectStore store = new ObjectStore(root);
        assertThatCode(() -> store.createBucket(name)).doesNotThrowAnyException();
    }

    @Test
    void nonEmptyBucketNotDeleted() {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("full");
        put(store, "full", "k", "v");
        assertS3Error(() -> store.deleteBucket("full"), "BucketNotEmpty", 409);
        store.deleteObject("full", "k");
        store.deleteBucket("full");
        assertThat(store.listBuckets()).isEmpty();
    }

    @Test
    void deleteBucketAbortsUploads() {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("mpb");
        String id = store.createMultipartUpload("mpb", "big", null, Map.of());
        store.deleteBucket("mpb");
        store.createBucket("mpb");
        assertThat(store.listMultipartUploads("mpb")).isEmpty();
        assertS3Error(() -> store.listParts("mpb", "big", id), "NoSuchUpload", 404);
    }
}
