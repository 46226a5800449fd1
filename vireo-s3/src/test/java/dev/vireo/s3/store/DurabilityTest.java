package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.assertS3Error;
import static dev.vireo.s3.store.StoreFixture.put;
import static dev.vireo.s3.store.StoreFixture.readString;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
    @TempDir Path root;

    @Test
    void crashLeftoversAreCleanedOnOpen() throws Exception {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("bkt");
        put(store, "bkt", "kept", "v1");
        String id = store.createMultipartUpload("bkt", "big", null, Map.of());
        store.uploadPart("bkt", "big", id, 1, new ByteArrayInputStream(new byte[10]), 10, null);

        // a crash mid-PUT of "ghost": a temp file with a header but no finished etag and half a body
        byte[] header = ObjectFile.encodeHeader("ghost", "text/plain", Map.of());
        byte[] half = Arrays.copyOf(header, header.length + 100);
        Files.write(root.resolve(".tmp/crash-put.tmp"), half);
        Files.write(root.resolve(".tmp/garbage.tmp"), new byte[] {1, 2, 3});
        // a half-written part that somehow reached the upload directory, and a torn object file
        Path partDir = root.resolve("bkt/uploads").resolve(id);
        Files.write(partDir.resolve("part-00002"), Arrays.copyOf(header, header.length / 2));
        Path ghostObject = root.resolve("bkt/objects/00/00/" + "0".repeat(64));
        Files.createDirectories(ghostObject.getParent());
        Files.write(ghostObject, half);

        ObjectStore reopened = new ObjectStore(root);
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertS3Error(() -> reopened.headObject("bkt", "ghost"), "NoSuchKey", 404);
        assertThat(reopened.listObjectsV2("bkt", null, null, 1000, null, null).contents())
                .extracting(ObjectSummary::key).containsExactly("kept");
        assertThat(readString(reopened, "bkt", "kept")).isEqualTo("v1");
        assertThat(reopened.listParts("bkt", "big", id)).extracting(PartInfo::partNumber).containsExactly(1);
        assertThat(partDir.resolve("part-00002")).doesNotExist();
    }

    @Test
    void failingBodyLeavesPreviousVersionAndNoTempFile() throws Exception {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("bkt");
        put(store, "bkt", "k", "previous");
        InputStream failing = new InputStream() {
            int n;
            @Override public int read() throws IOException {
                if (n++ > 1000) throw new IOException("connection reset");
                return 'x';
            }
        };
        assertS3Error(() -> store.putObject("bkt", "k", failing, 5000, null, null, Map.of()), "InternalError", 500);
        assertThat(readString(store, "bkt", "k")).isEqualTo("previous");
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(store.listObjectsV2("bkt", null, null, 1000, null, null).contents())
                .extracting(ObjectSummary::size).isEqualTo(List.of(8L));
    }
}
