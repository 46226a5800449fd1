package dev.vireo.s3.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.s3.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared helpers for the store tests. */
final class StoreFixture {
    private StoreFixture() {}

    static ObjectInfo put(ObjectStore store, String bucket, String key, byte[] data) {
        return store.putObject(bucket, key, new ByteArrayInputStream(data), data.length, null, "text/plain", Map.of());
    }

    static ObjectInfo put(ObjectStore store, String bucket, String key, String data) {
        return put(store, bucket, key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Puts {@code keys} from 16 threads: fsync latency makes a serial loop slow. */
    static void putAll(ObjectStore store, String bucket, java.util.Collection<String> keys) {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            var futures = keys.stream().map(k -> pool.submit(() -> put(store, bucket, k, "x"))).toList();
            for (var f : futures) f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] read(ObjectStore store, String bucket, String key, ByteRange range) {
        try (ObjectContent c = store.getObject(bucket, key, range)) {
            return c.body().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readString(ObjectStore store, String bucket, String key) {
        return new String(read(store, bucket, key, null), StandardCharsets.UTF_8);
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5Hex(byte[] data) { return HexFormat.of().formatHex(md5(data)); }

    static String md5Base64(byte[] data) { return Base64.getEncoder().encodeToString(md5(data)); }

    static void assertS3Error(ThrowingCallable call, String code, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.httpStatus()).isEqualTo(status);
        });
    }

    /** A body that fails the test if anything reads it. */
    static InputStream unreadable() {
        return new InputStream() {
            @Override public int read() {
                throw new AssertionError("body must not be read");
            }
        };
    }
}
