package dev.vireo.s3.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open bucket: its directory, an in-memory index of its keys (so listing never rescans the
 * disk) and its multipart uploads. Layout: {@code <bucket>/objects/ab/cd/<sha256(key)>},
 * {@code <bucket>/uploads/<uploadId>/}.
 */
final class Bucket {
    private static final Logger log = LoggerFactory.getLogger(Bucket.class);

    final String name;
    final Instant created;
    final Path dir;
    final ConcurrentSkipListMap<String, ObjectSummary> index = new ConcurrentSkipListMap<>(Names.UTF8_ORDER);
    final ConcurrentHashMap<String, Upload> uploads = new ConcurrentHashMap<>();
    /** Fan-out directories known to exist, so writes skip the mkdir calls. */
    private final java.util.Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    /** Writers commit under the read lock; deleteBucket takes the write lock. */
    final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    volatile boolean deleted;

    Bucket(String name, Instant created, Path dir) {
        this.name = name;
        this.created = created;
        this.dir = dir;
    }

    Path objectsDir() { return dir.resolve("objects"); }

    Path uploadsDir() { return dir.resolve("uploads"); }

    Path objectPath(String key) {
        String h = Names.keyHash(key);
        return objectsDir().resolve(h.substring(0, 2)).resolve(h.substring(2, 4)).resolve(h);
    }

    /** Creates the directory of an object file if this bucket has not seen it yet. */
    void ensureDir(Path dir) throws IOException {
        if (knownDirs.contains(dir)) return;
        Files.createDirectories(dir);
        knownDirs.add(dir);
    }

    BucketInfo info() { return new BucketInfo(name, created); }

    /** Rebuilds the index from the object files; called once when the store opens. */
    void loadIndex() throws IOException {
        Path objects = objectsDir();
        if (!Files.isDirectory(objects)) return;
        try (DirectoryStream<Path> l1 = Files.newDirectoryStream(objects)) {
            for (Path a : l1) {
                try (DirectoryStream<Path> l2 = Files.newDirectoryStream(a)) {
                    for (Path b : l2) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(b)) {
                            for (Path f : files) loadObject(f);
                        }
                    }
                }
            }
        }
    }

    private void loadObject(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ObjectFile.Header h = ObjectFile.readHeader(ch);
            index.put(h.key(), new ObjectSummary(h.key(), h.etag(), h.size(), h.lastModified()));
        } catch (IOException e) {
            log.warn("ignoring unreadable object file {} in bucket {}: {}", f, name, e.getMessage());
        }
    }
}
