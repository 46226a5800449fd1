package dev.vireo.s3.store;

import static dev.vireo.s3.store.StoreFixture.md5Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir Path root;

    @Test
    void readersNeverSeeTornObjects() throws Exception {
        ObjectStore store = new ObjectStore(root);
        store.createBucket("bkt");
        int size = 64 * 1024;
        byte[] initial = new byte[size];
        store.putObject("bkt", "hot", new ByteArrayInputStream(initial), size, null, null, Map.of());
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> thread % 2 == 0 ? write(store, thread, size) : readAll(store, size)));
            }
            for (Future<Integer> f : results) assertThat(f.get()).isPositive();
        }
    }

    private static int write(ObjectStore store, int thread, int size) {
        for (int i = 0; i < 100; i++) {
            byte[] data = new byte[size];
            Arrays.fill(data, (byte) (thread * 100 + i));
            ObjectInfo info = store.putObject("bkt", "hot", new ByteArrayInputStream(data), size, null, null, Map.of());
            assertThat(info.etag()).isEqualTo('"' + md5Hex(data) + '"');
        }
        return 100;
    }

    private static int readAll(ObjectStore store, int size) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (ObjectContent c = store.getObject("bkt", "hot", null)) {
                byte[] data = c.body().readAllBytes();
                assertThat(data).hasSize(size);
                byte first = data[0];
                for (byte b : data) {
                    if (b != first) throw new AssertionError("torn object at read " + i);
                }
                assertThat(c.info().etag()).isEqualTo('"' + md5Hex(data) + '"');
            }
        }
        return 200;
    }
}
