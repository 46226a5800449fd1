package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.assertS3Error;
import static dev.vireo.s3.store.StoreFixture.md5;
import static dev.vireo.s3.store.StoreFixture.md5Base64;
import static dev.vireo.s3.store.StoreFixture.md5Hex;
import static dev.vireo.s3.store.StoreFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartTest {
    static final int MIB = 1 << 20;

    @TempDir Path root;
    ObjectStore store;

    @BeforeEach
    void open() {
        store = new ObjectStore(root);
        store.createBucket("bkt");
    }

    private String upload(String id, int n, byte[] data) {
        return store.uploadPart("bkt", "big", id, n, new ByteArrayInputStream(data), data.length, null);
    }

    private static byte[] filled(int size, int seed) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) seed);
        b[0] = (byte) (seed + 1);
        return b;
    }

    @Test
    void completeAssemblesPartsWithS3Etag() throws Exception {
        String id = store.createMultipartUpload("bkt", "big", "application/x-test", Map.of("m", "v"));
        assertThat(id).hasSize(32).isNotEqualTo(store.createMultipartUpload("bkt", "big", null, Map.of()));
        byte[] p1 = filled(5 * MIB, 1);
        byte[] p2 = filled(5 * MIB, 2);
        byte[] p3 = filled(1234, 3);
        String e1 = upload(id, 1, p1);
        upload(id, 2, filled(10, 9)); // replaced below
        String e2 = upload(id, 2, p2);
        String e3 = store.uploadPart("bkt", "big", id, 3, new ByteArrayInputStream(p3), p3.length, md5Base64(p3));
        assertThat(e1).isEqualTo('"' + md5Hex(p1) + '"');
        assertThat(store.listParts("bkt", "big", id)).extracting(PartInfo::partNumber, PartInfo::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, (long) p1.length),
                org.assertj.core.groups.Tuple.tuple(2, (long) p2.length),
                org.assertj.core.groups.Tuple.tuple(3, (long) p3.length));
        assertThat(store.listMultipartUploads("bkt")).extracting(UploadInfo::uploadId).contains(id).hasSize(2);

        ObjectInfo info = store.completeMultipartUpload("bkt", "big", id, List.of(
                new CompletedPart(1, e1), new CompletedPart(2, e2.replace("\"", "")), new CompletedPart(3, e3)));

        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        md5s.write(md5(p1));
        md5s.write(md5(p2));
        md5s.write(md5(p3));
        assertThat(info.etag()).isEqualTo('"' + md5Hex(md5s.toByteArray()) + "-3\"");
        assertThat(info.size()).isEqualTo(p1.length + p2.length + p3.length);
        assertThat(info.contentType()).isEqualTo("application/x-test");
        assertThat(store.headObject("bkt", "big")).isEqualTo(info);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(p1);
        all.write(p2);
        all.write(p3);
        assertThat(read(store, "bkt", "big", null)).isEqualTo(all.toByteArray());
        assertThat(store.listMultipartUploads("bkt")).extracting(UploadInfo::uploadId).doesNotContain(id).hasSize(1);
        assertThat(root.resolve("bkt/uploads").resolve(id)).doesNotExist();
        assertS3Error(() -> store.listParts("bkt", "big", id), "NoSuchUpload", 404);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id, List.of(new CompletedPart(1, e1))), "NoSuchUpload", 404);
    }

    @Test
    void singlePartUploadMayBeSmall() {
        String id = store.createMultipartUpload("bkt", "big", null, Map.of());
        byte[] p = "tiny".getBytes();
        String e = upload(id, 1, p);
        ObjectInfo info = store.completeMultipartUpload("bkt", "big", id, List.of(new CompletedPart(1, e)));
        assertThat(info.etag()).isEqualTo('"' + md5Hex(md5(p)) + "-1\"");
        assertThat(read(store, "bkt", "big", null)).isEqualTo(p);
    }

    @Test
    void completeValidation() {
        String id = store.createMultipartUpload("bkt", "big", null, Map.of());
        String e1 = upload(id, 1, filled(100, 1));
        String e2 = upload(id, 2, filled(100, 2));
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id, List.of()), "MalformedXML", 400);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id,
                List.of(new CompletedPart(2, e2), new CompletedPart(1, e1))), "InvalidPartOrder", 400);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id,
                List.of(new CompletedPart(1, e1), new CompletedPart(1, e1))), "InvalidPartOrder", 400);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id,
                List.of(new CompletedPart(1, e1), new CompletedPart(3, e2))), "InvalidPart", 400);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id,
                List.of(new CompletedPart(1, e2))), "InvalidPart", 400);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", id,
                List.of(new CompletedPart(1, e1), new CompletedPart(2, e2))), "EntityTooSmall", 400);
        assertThat(store.listParts("bkt", "big", id)).hasSize(2);
    }

    @Test
    void partNumbersAndDigests() {
        String id = store.createMultipartUpload("bkt", "big", null, Map.of());
        byte[] p = filled(10, 1);
        assertS3Error(() -> upload(id, 0, p), "InvalidArgument", 400);
        assertS3Error(() -> upload(id, 10_001, p), "InvalidArgument", 400);
        upload(id, 10_000, p);
        assertS3Error(() -> store.uploadPart("bkt", "big", id, 1, new ByteArrayInputStream(p), p.length, "bad!"),
                "InvalidDigest", 400);
        assertS3Error(() -> store.uploadPart("bkt", "big", id, 1, new ByteArrayInputStream(p), p.length,
                md5Base64(new byte[1])), "BadDigest", 400);
        assertS3Error(() -> store.uploadPart("bkt", "big", id, 1, new ByteArrayInputStream(p), 20, null),
                "IncompleteBody", 400);
        assertS3Error(() -> store.uploadPart("bkt", "big", id, 1, StoreFixture.unreadable(), (5L << 30) + 1, null),
                "EntityTooLarge", 400);
        assertThat(store.listParts("bkt", "big", id)).extracting(PartInfo::partNumber).containsExactly(10_000);
    }

    @Test
    void abortAndUnknownUploads() {
        String id = store.createMultipartUpload("bkt", "big", null, Map.of());
        upload(id, 1, filled(10, 1));
        store.abortMultipartUpload("bkt", "big", id);
        assertS3Error(() -> store.abortMultipartUpload("bkt", "big", id), "NoSuchUpload", 404);
        assertS3Error(() -> upload(id, 2, filled(10, 1)), "NoSuchUpload", 404);
        assertS3Error(() -> store.listParts("bkt", "big", "../../etc"), "NoSuchUpload", 404);
        assertS3Error(() -> store.completeMultipartUpload("bkt", "big", "x".repeat(32),
                List.of(new CompletedPart(1, "\"a\""))), "NoSuchUpload", 404);
        String other = store.createMultipartUpload("bkt", "big", null, Map.of());
        assertS3Error(() -> store.listParts("bkt", "wrong-key", other), "NoSuchUpload", 404);
        assertS3Error(() -> store.headObject("bkt", "big"), "NoSuchKey", 404);
    }

    @Test
    void uploadsSurviveReopen() {
        String id = store.createMultipartUpload("bkt", "big", "text/x", Map.of("k", "v"));
        byte[] p = filled(100, 4);
        String e = upload(id, 1, p);
        ObjectStore reopened = new ObjectStore(root);
        assertThat(reopened.listMultipartUploads("bkt")).extracting(UploadInfo::key).containsExactly("big");
        assertThat(reopened.listParts("bkt", "big", id)).extracting(PartInfo::etag).containsExactly(e);
        ObjectInfo info = reopened.completeMultipartUpload("bkt", "big", id, List.of(new CompletedPart(1, e)));
        assertThat(info.metadata()).containsEntry("k", "v");
        assertThat(info.contentType()).isEqualTo("text/x");
        assertThat(read(reopened, "bkt", "big", null)).isEqualTo(p);
    }
}
