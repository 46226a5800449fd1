package dev.vireo.it.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.it.support.DaemonProcess;
import dev.vireo.it.support.Vireo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * kill -9 a daemon of its own (own state dir, socket and S3 port; the shared one is untouched)
 * while four 8 MiB uploads are in flight: after restart each object is absent or whole, and the
 * store's .tmp dir is empty.
 */
@EnabledIfSystemProperty(named = "vireo.it", matches = "true")
class S3DurabilityIT {
    private static final int SIZE = 8 << 20;
    private static final int UPLOADS = 4;

    @Test
    void aCrashMidUploadLeavesObjectsWholeOrAbsent() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "vireo-s3d-");
        DaemonProcess daemon = new DaemonProcess(base.resolve("state"), base.resolve("vireo.sock"), DaemonProcess.freePort());
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
        try {
            daemon.start();
            S3Keys.Key key = S3Keys.create(daemon.socket());
            String bucket = "durable";
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                bodies.add(S3Keys.random(SIZE, 100 + i));
            }
            try (S3Client s3 = S3Keys.client(daemon.s3Endpoint(), key)) {
                s3.createBucket(r -> r.bucket(bucket));
                List<Future<?>> uploads = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    int n = i;
                    // upload 0 runs at full speed (likely complete before the crash); the others are
                    // slowed so that the crash lands mid-body
                    long pauseMillis = n == 0 ? 0 : 40L * n;
                    uploads.add(pool.submit(() -> s3.putObject(r -> r.bucket(bucket).key("obj-" + n),
                            RequestBody.fromContentProvider(() -> new Slow(bodies.get(n), pauseMillis), SIZE,
                                    "application/octet-stream"))));
                }
                Thread.sleep(1500);
                daemon.kill9();
                for (Future<?> f : uploads) {
                    try {
                        f.get(120, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // expected for the uploads the crash cut off
                    }
                }
            }

            daemon.start();
            List<Path> tmpDirs;
            try (Stream<Path> walk = Files.walk(daemon.stateDir())) {
                tmpDirs = walk.filter(Files::isDirectory).filter(p -> p.getFileName().toString().equals(".tmp")).toList();
            }
            assertThat(tmpDirs).as("the object store's .tmp dir under %s", daemon.stateDir()).isNotEmpty();
            for (Path t : tmpDirs) {
                try (Stream<Path> entries = Files.list(t)) {
                    assertThat(entries.toList()).as("%s after restart", t).isEmpty();
                }
            }
            int whole = 0;
            try (S3Client s3 = S3Keys.client(daemon.s3Endpoint(), key)) {
                assertThat(s3.headBucket(r -> r.bucket(bucket)).sdkHttpResponse().isSuccessful()).isTrue();
                for (int i = 0; i < UPLOADS; i++) {
                    int n = i;
                    try {
                        byte[] got = s3.getObjectAsBytes(r -> r.bucket(bucket).key("obj-" + n)).asByteArray();
                        assertThat(got.length).as("obj-%d is whole", n).isEqualTo(SIZE);
                        assertThat(S3Keys.md5Hex(got)).as("obj-%d md5", n).isEqualTo(S3Keys.md5Hex(bodies.get(n)));
                        whole++;
                    } catch (S3Exception e) {
                        assertThat(e.awsErrorDetails().errorCode()).as("obj-%d absent", n).isEqualTo("NoSuchKey");
                    }
                }
                // listing agrees with GET
                assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(whole);
                // and the restarted store takes writes
                s3.putObject(r -> r.bucket(bucket).key("after"), RequestBody.fromString("after the crash"));
                assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("after")).asUtf8String()).isEqualTo("after the crash");
            }
            assertThat(whole).as("the crash came mid-upload: not every object finished").isLessThan(UPLOADS);
        } finally {
            pool.shutdownNow();
            daemon.stop();
            dev.vireo.core.util.Files2.deleteTree(base);
        }
    }

    /** The body in 256 KiB steps with a pause before each. */
    private static final class Slow extends InputStream {
        private final byte[] data;
        private final long pauseMillis;
        private int pos;

        Slow(byte[] data, long pauseMillis) {
            this.data = data;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= data.length) {
                return -1;
            }
            int step = 256 << 10;
            int boundary = (pos / step + 1) * step;
            if (pos % step == 0 && pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            int n = Math.min(len, Math.min(boundary, data.length) - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
