package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage engine behind the S3-compatible endpoint: buckets, objects and multipart uploads
 * on a local directory, with S3 semantics and AWS error codes ({@link S3Exception}).
 *
 * <p>Layout under {@code root}: {@code .tmp/} for files being written (emptied on open) and one
 * directory per bucket. Objects are stored under the hex SHA-256 of their key with the real key in
 * the file header, so no key can reach outside its bucket. Every write goes to {@code .tmp/},
 * is fsynced and atomically renamed into place, so readers only ever see whole objects. Reads take
 * no locks; listing uses an in-memory index built once on open.
 */
public final class ObjectStore {
    /** Largest single PUT (5 GiB). */
    public static final long MAX_PUT_SIZE = 5L << 30;
    /** Default and maximum {@code max-keys} of a listing. */
    public static final int DEFAULT_MAX_KEYS = Lister.MAX_KEYS;
    private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    private static final String BUCKET_RECORD = ".bucket";
    private static final int MAX_METADATA_BYTES = 2048;
    private static final int MAX_DELETE_KEYS = 1000;

    private final Path root;
    private final Clock clock;
    private final Publisher publisher;
    private final Multipart multipart;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Opens (creating if needed) the store at {@code root}, removing temp files a crash left behind. */
    public ObjectStore(Path root) {
        this(root, Clock.systemUTC());
    }

    /** As {@link #ObjectStore(Path)} with an injected clock for timestamps. */
    public ObjectStore(Path root, Clock clock) {
        this.root = root;
        this.clock = Clock.tick(clock, java.time.Duration.ofMillis(1)); // times are stored in milliseconds
        Path tmp = root.resolve(".tmp");
        this.publisher = new Publisher(tmp);
        this.multipart = new Multipart(publisher, this.clock);
        try {
            Files.createDirectories(root);
            Digests.deleteTree(tmp);
            Files.createDirectories(tmp);
            loadBuckets();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open object store at " + root, e);
        }
    }

    // ---- buckets

    /** CreateBucket: InvalidBucketName, BucketAlreadyOwnedByYou. */
    public void createBucket(String name) {
        Names.checkBucketName(name);
        Bucket bucket = new Bucket(name, clock.instant(), root.resolve(name));
        if (buckets.putIfAbsent(name, bucket) != null) throw S3Exception.bucketAlreadyOwnedByYou(name);
        try {
            Path staging = publisher.tmpDir.resolve("bucket-" + UUID.randomUUID());
            Files.createDirectory(staging);
            Files.writeString(staging.resolve(BUCKET_RECORD), Long.toString(bucket.created.toEpochMilli()));
            try (FileChannel ch = FileChannel.open(staging.resolve(BUCKET_RECORD), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(staging, bucket.dir, StandardCopyOption.ATOMIC_MOVE);
            StagedFile.fsyncDir(root);
        } catch (IOException e) {
            buckets.remove(name, bucket);
            throw io(e, name);
        }
    }

    /** HeadBucket: NoSuchBucket. */
    public BucketInfo headBucket(String name) {
        return bucket(name).info();
    }

    /** DeleteBucket: NoSuchBucket, BucketNotEmpty. Multipart uploads in progress are aborted. */
    public void deleteBucket(String name) {
        Bucket bucket = bucket(name);
        bucket.lifecycle.writeLock().lock();
        try {
            if (bucket.deleted) throw S3Exception.noSuchBucket(name);
            if (!bucket.index.isEmpty()) throw S3Exception.bucketNotEmpty(name);
            multipart.abortAll(bucket);
            bucket.deleted = true;
            Path trash = publisher.tmpDir.resolve("deleted-" + UUID.randomUUID());
            Files.move(bucket.dir, trash, StandardCopyOption.ATOMIC_MOVE);
            buckets.remove(name, bucket);
            StagedFile.fsyncDir(root);
            Digests.deleteTree(trash);
        } catch (IOException e) {
            throw io(e, name);
        } finally {
            bucket.lifecycle.writeLock().unlock();
        }
    }

    /** ListBuckets, sorted by name. */
    public List<BucketInfo> listBuckets() {
        return buckets.values().stream().map(Bucket::info).sorted(Comparator.comparing(BucketInfo::name)).toList();
    }

    // ---- objects

    /**
     * PutObject. Reads exactly {@code contentLength} bytes. Errors: NoSuchBucket, InvalidArgument,
     * KeyTooLongError, EntityTooLarge (checked before reading), InvalidDigest, BadDigest,
     * IncompleteBody, MissingContentLength (negative length), MetadataTooLarge.
     *
     * @param contentMd5Base64 the Content-MD5 header, or null
     * @param contentType null for the S3 default {@code binary/octet-stream}
     */
    public ObjectInfo putObject(String bucketName, String key, InputStream body, long contentLength,
                                String contentMd5Base64, String contentType, Map<String, String> userMetadata) {
        Bucket bucket = bucket(bucketName);
        Names.checkKey(key);
        if (contentLength < 0) throw S3Exception.missingContentLength(key);
        if (contentLength > MAX_PUT_SIZE) throw S3Exception.entityTooLarge(key);
        Map<String, String> metadata = checkMetadata(userMetadata, key);
        byte[] expected = Digests.parseContentMd5(contentMd5Base64, key);
        String type = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
        try (StagedFile file = publisher.stage(key, type, metadata)) {
            file.writeBody(body, contentLength, key);
            byte[] md5 = file.md5();
            Digests.verify(expected, md5, key);
            return publish(bucket, key, file, Digests.quotedHex(md5), type, metadata);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /**
     * GetObject. {@code range} may be null for the whole object. Errors: NoSuchBucket, NoSuchKey,
     * InvalidRange (416). The caller must close the returned content.
     */
    public ObjectContent getObject(String bucketName, String key, ByteRange range) {
        Bucket bucket = bucket(bucketName);
        Names.checkKey(key);
        FileChannel ch = open(bucket, key);
        try {
            ObjectFile.Header h = header(ch, key);
            long[] span = range == null ? new long[] {0, h.size() - 1} : range.resolve(h.size(), key);
            ch.position(h.headerLength() + span[0]);
            InputStream in = new BoundedInputStream(Channels.newInputStream(ch), span[1] - span[0] + 1);
            return new ObjectContent(h.info(), in, span[0], span[1], h.size(), range != null);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e instanceof IOException io ? io(io, key) : (RuntimeException) e;
        }
    }

    /** HeadObject: NoSuchBucket, NoSuchKey. */
    public ObjectInfo headObject(String bucketName, String key) {
        Bucket bucket = bucket(bucketName);
        Names.checkKey(key);
        try (FileChannel ch = open(bucket, key)) {
            return header(ch, key).info();
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /** DeleteObject; deleting a missing key succeeds. */
    public void deleteObject(String bucketName, String key) {
        Bucket bucket = bucket(bucketName);
        Names.checkKey(key);
        try {
            publisher.remove(bucket, key);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /**
     * DeleteObjects (at most 1000 keys, else MalformedXML). Returns one result per key, or only the
     * failures when {@code quiet}.
     */
    public List<DeleteResult> deleteObjects(String bucketName, List<String> keys, boolean quiet) {
        bucket(bucketName);
        if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) throw S3Exception.malformedXml(bucketName);
        List<DeleteResult> results = new ArrayList<>();
        for (String key : keys) {
            try {
                deleteObject(bucketName, key);
                if (!quiet) results.add(DeleteResult.ok(key));
            } catch (S3Exception e) {
                results.add(new DeleteResult(key, false, e.code(), e.getMessage()));
            }
        }
        return results;
    }

    /**
     * CopyObject. With COPY the source's content type and metadata are kept (copying an object onto
     * itself that way is InvalidRequest, as in S3); with REPLACE the new ones are used. The copy keeps
     * the source's ETag (equal to the MD5 of the content for a single-part source).
     */
    public ObjectInfo copyObject(String srcBucket, String srcKey, String dstBucket, String dstKey,
                                 MetadataDirective directive, Map<String, String> newMetadata, String newContentType) {
        Bucket from = bucket(srcBucket);
        Bucket to = bucket(dstBucket);
        Names.checkKey(srcKey);
        Names.checkKey(dstKey);
        boolean replace = directive == MetadataDirective.REPLACE;
        if (!replace && srcBucket.equals(dstBucket) && srcKey.equals(dstKey)) {
            throw S3Exception.invalidRequest("This copy request is illegal because it is trying to copy an object to "
                    + "itself without changing the object's metadata, storage class, website redirect location or "
                    + "encryption attributes.", dstKey);
        }
        try (FileChannel ch = open(from, srcKey)) {
            ObjectFile.Header h = header(ch, srcKey);
            if (h.size() > MAX_PUT_SIZE) {
                throw S3Exception.invalidRequest("The specified copy source is larger than the maximum allowable size "
                        + "for a copy source: " + MAX_PUT_SIZE, srcKey);
            }
            Map<String, String> metadata = replace ? checkMetadata(newMetadata, dstKey) : h.metadata();
            String type = replace ? (newContentType == null ? DEFAULT_CONTENT_TYPE : newContentType) : h.contentType();
            try (StagedFile file = publisher.stage(dstKey, type, metadata)) {
                file.append(ch, h.headerLength(), h.size());
                return publish(to, dstKey, file, h.etag(), type, metadata);
            }
        } catch (IOException e) {
            throw io(e, dstKey);
        }
    }

    /**
     * ListObjectsV2. {@code maxKeys} is capped at 1000 (pass {@link #DEFAULT_MAX_KEYS} when absent);
     * common prefixes count towards it. {@code startAfter} is ignored when a continuation token is given.
     */
    public ListObjectsResult listObjectsV2(String bucketName, String prefix, String delimiter, int maxKeys,
                                           String continuationToken, String startAfter) {
        return Lister.list(bucket(bucketName).index, prefix, delimiter, maxKeys, continuationToken, startAfter);
    }

    // ---- multipart

    /** CreateMultipartUpload; returns a random, unguessable upload id. */
    public String createMultipartUpload(String bucketName, String key, String contentType, Map<String, String> metadata) {
        Bucket bucket = bucket(bucketName);
        Names.checkKey(key);
        Map<String, String> meta = checkMetadata(metadata, key);
        try {
            return multipart.create(bucket, key, contentType == null ? DEFAULT_CONTENT_TYPE : contentType, meta);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /**
     * UploadPart; returns the part's quoted hex MD5 etag. Re-uploading a part number replaces it.
     * Errors: NoSuchUpload, InvalidArgument (part number outside 1..10000), EntityTooLarge,
     * InvalidDigest, BadDigest, IncompleteBody.
     */
    public String uploadPart(String bucketName, String key, String uploadId, int partNumber, InputStream body,
                             long length, String contentMd5Base64) {
        Bucket bucket = bucket(bucketName);
        try {
            return multipart.uploadPart(bucket, key, uploadId, partNumber, body, length, contentMd5Base64);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /** ListParts, sorted by part number. NoSuchUpload. */
    public List<PartInfo> listParts(String bucketName, String key, String uploadId) {
        return multipart.listParts(bucket(bucketName), key, uploadId);
    }

    /**
     * CompleteMultipartUpload. Errors: MalformedXML (no parts), InvalidPartOrder, InvalidPart,
     * EntityTooSmall (a part but the last under 5 MiB), NoSuchUpload. The ETag is the hex MD5 of the
     * parts' binary MD5s followed by {@code -<count>}.
     */
    public ObjectInfo completeMultipartUpload(String bucketName, String key, String uploadId, List<CompletedPart> parts) {
        Bucket bucket = bucket(bucketName);
        try {
            return multipart.complete(bucket, key, uploadId, parts);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /** AbortMultipartUpload: removes the upload and its parts. NoSuchUpload. */
    public void abortMultipartUpload(String bucketName, String key, String uploadId) {
        try {
            multipart.abort(bucket(bucketName), key, uploadId);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    /** ListMultipartUploads, sorted by key then initiation time. */
    public List<UploadInfo> listMultipartUploads(String bucketName) {
        return multipart.list(bucket(bucketName));
    }

    // ---- internals

    private ObjectInfo publish(Bucket bucket, String key, StagedFile file, String etag, String type,
                               Map<String, String> metadata) throws IOException {
        Instant now = clock.instant();
        file.finish(etag, now);
        ObjectInfo info = new ObjectInfo(key, etag, file.bodyBytes(), now, type, metadata);
        publisher.publish(bucket, key, file, info);
        return info;
    }

    private Bucket bucket(String name) {
        Bucket b = name == null ? null : buckets.get(name);
        if (b == null || b.deleted) throw S3Exception.noSuchBucket(name);
        return b;
    }

    private static FileChannel open(Bucket bucket, String key) {
        try {
            return FileChannel.open(bucket.objectPath(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw S3Exception.noSuchKey(key);
        } catch (IOException e) {
            throw io(e, key);
        }
    }

    private static ObjectFile.Header header(FileChannel ch, String key) throws IOException {
        ObjectFile.Header h = ObjectFile.readHeader(ch);
        if (!h.key().equals(key)) throw S3Exception.noSuchKey(key); // SHA-256 collision: not this key
        return h;
    }

    private static Map<String, String> checkMetadata(Map<String, String> metadata, String key) {
        if (metadata == null || metadata.isEmpty()) return Map.of();
        int bytes = 0;
        for (var e : metadata.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_METADATA_BYTES) throw S3Exception.metadataTooLarge(key);
        return Map.copyOf(metadata);
    }

    private void loadBuckets() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Path record = dir.resolve(BUCKET_RECORD);
                if (name.startsWith(".") || !Files.isRegularFile(record)) continue;
                Instant created = Instant.ofEpochMilli(Long.parseLong(Files.readString(record).trim()));
                Bucket bucket = new Bucket(name, created, dir);
                bucket.loadIndex();
                multipart.load(bucket);
                buckets.put(name, bucket);
            }
        }
    }

    private static S3Exception io(IOException e, String resource) {
        return S3Exception.internalError("storage error: " + e.getMessage(), resource);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do: the read already failed
        }
    }
}
