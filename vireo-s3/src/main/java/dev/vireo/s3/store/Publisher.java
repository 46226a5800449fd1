package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes staged files visible as objects and removes objects, keeping file and index in step.
 * Only these mutations take a lock (a stripe per bucket/key); reads never lock.
 */
final class Publisher {
    private static final int STRIPES = 256;

    final Path tmpDir;
    private final Lock[] stripes = new Lock[STRIPES];

    Publisher(Path tmpDir) {
        this.tmpDir = tmpDir;
        for (int i = 0; i < STRIPES; i++) stripes[i] = new ReentrantLock();
    }

    StagedFile stage(String key, String contentType, Map<String, String> metadata) throws IOException {
        return StagedFile.create(tmpDir, key, contentType, metadata);
    }

    /** Renames a finished staged file into place as {@code key} and indexes it. */
    void publish(Bucket bucket, String key, StagedFile file, ObjectInfo info) throws IOException {
        Path target = bucket.objectPath(key);
        bucket.lifecycle.readLock().lock();
        try {
            if (bucket.deleted) throw S3Exception.noSuchBucket(bucket.name);
            bucket.ensureDir(target.getParent());
            Lock stripe = stripe(bucket, key);
            stripe.lock();
            try {
                file.commit(target);
                bucket.index.put(key, new ObjectSummary(key, info.etag(), info.size(), info.lastModified()));
            } finally {
                stripe.unlock();
            }
        } finally {
            bucket.lifecycle.readLock().unlock();
        }
    }

    /** Deletes {@code key} if present. */
    void remove(Bucket bucket, String key) throws IOException {
        Lock stripe = stripe(bucket, key);
        stripe.lock();
        try {
            Files.deleteIfExists(bucket.objectPath(key));
            bucket.index.remove(key);
        } finally {
            stripe.unlock();
        }
    }

    private Lock stripe(Bucket bucket, String key) {
        int h = 31 * bucket.name.hashCode() + key.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }
}
