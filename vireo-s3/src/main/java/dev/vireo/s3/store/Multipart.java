package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Multipart uploads of one store: parts on disk under the bucket, upload state in memory. */
final class Multipart {
    private static final Logger log = LoggerFactory.getLogger(Multipart.class);
    static final long MIN_PART_SIZE = 5L << 20;
    static final long MAX_PART_SIZE = 5L << 30;
    static final int MAX_PART_NUMBER = 10_000;
    private static final String RECORD = "upload";
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{32}");

    private final Publisher publisher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Multipart(Publisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    String create(Bucket bucket, String key, String contentType, Map<String, String> metadata) throws IOException {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path dir = bucket.uploadsDir().resolve(id);
        Files.createDirectories(dir);
        var now = clock.instant();
        try (StagedFile record = publisher.stage(key, contentType, metadata)) {
            record.finish("\"upload\"", now);
            record.commit(dir.resolve(RECORD));
        }
        bucket.uploads.put(id, new Upload(id, key, contentType, metadata, now, dir));
        return id;
    }

    String uploadPart(Bucket bucket, String key, String uploadId, int partNumber, InputStream body, long length,
                      String contentMd5) throws IOException {
        Upload upload = find(bucket, key, uploadId);
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", key);
        }
        if (length < 0) throw S3Exception.missingContentLength(key);
        if (length > MAX_PART_SIZE) throw S3Exception.entityTooLarge(key);
        byte[] expected = Digests.parseContentMd5(contentMd5, key);
        try (StagedFile part = publisher.stage("", null, Map.of())) {
            part.writeBody(body, length, key);
            byte[] md5 = part.md5();
            Digests.verify(expected, md5, key);
            String etag = Digests.quotedHex(md5);
            var now = clock.instant();
            part.finish(etag, now);
            synchronized (upload) {
                if (upload.finished) throw S3Exception.noSuchUpload(uploadId);
                part.commit(upload.partPath(partNumber));
                upload.parts.put(partNumber, new PartInfo(partNumber, etag, length, now));
            }
            return etag;
        }
    }

    List<PartInfo> listParts(Bucket bucket, String key, String uploadId) {
        return List.copyOf(find(bucket, key, uploadId).parts.values());
    }

    List<UploadInfo> list(Bucket bucket) {
        return bucket.uploads.values().stream().map(Upload::info)
                .sorted(Comparator.comparing(UploadInfo::key, Names.UTF8_ORDER).thenComparing(UploadInfo::initiated))
                .toList();
    }

    ObjectInfo complete(Bucket bucket, String key, String uploadId, List<CompletedPart> requested) throws IOException {
        Upload upload = find(bucket, key, uploadId);
        synchronized (upload) {
            if (upload.finished) throw S3Exception.noSuchUpload(uploadId);
            List<PartInfo> parts = validate(upload, requested, key);
            MessageDigest etagDigest = StagedFile.newMd5();
            try (StagedFile out = publisher.stage(key, upload.contentType, upload.metadata)) {
                for (PartInfo p : parts) {
                    etagDigest.update(HexFormat.of().parseHex(Digests.unquote(p.etag())));
                    try (FileChannel in = FileChannel.open(upload.partPath(p.partNumber()), StandardOpenOption.READ)) {
                        ObjectFile.Header h = ObjectFile.readHeader(in);
                        out.append(in, h.headerLength(), h.size());
                    }
                }
                String etag = '"' + HexFormat.of().formatHex(etagDigest.digest()) + "-" + parts.size() + '"';
                var now = clock.instant();
                out.finish(etag, now);
                ObjectInfo info = new ObjectInfo(key, etag, out.bodyBytes(), now, upload.contentType, upload.metadata);
                publisher.publish(bucket, key, out, info);
                finish(bucket, upload);
                return info;
            }
        }
    }

    void abort(Bucket bucket, String key, String uploadId) throws IOException {
        Upload upload = find(bucket, key, uploadId);
        synchronized (upload) {
            if (upload.finished) throw S3Exception.noSuchUpload(uploadId);
            finish(bucket, upload);
        }
    }

    /** Aborts every upload of a bucket being deleted. */
    void abortAll(Bucket bucket) throws IOException {
        for (Upload u : List.copyOf(bucket.uploads.values())) {
            synchronized (u) {
                if (!u.finished) finish(bucket, u);
            }
        }
    }

    /** Reloads uploads from disk when the store opens; drops unreadable records and parts. */
    void load(Bucket bucket) throws IOException {
        if (!Files.isDirectory(bucket.uploadsDir())) return;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bucket.uploadsDir())) {
            for (Path dir : dirs) loadUpload(bucket, dir);
        }
    }

    private void loadUpload(Bucket bucket, Path dir) throws IOException {
        String id = dir.getFileName().toString();
        ObjectFile.Header record;
        try (FileChannel ch = FileChannel.open(dir.resolve(RECORD), StandardOpenOption.READ)) {
            record = ObjectFile.readHeader(ch);
        } catch (IOException e) {
            log.warn("removing unreadable multipart upload {} in bucket {}", id, bucket.name);
            Digests.deleteTree(dir);
            return;
        }
        Upload upload = new Upload(id, record.key(), record.contentType(), record.metadata(), record.lastModified(), dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*")) {
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    ObjectFile.Header h = ObjectFile.readHeader(ch);
                    int n = Integer.parseInt(f.getFileName().toString().substring(5));
                    upload.parts.put(n, new PartInfo(n, h.etag(), h.size(), h.lastModified()));
                } catch (IOException | NumberFormatException e) {
                    log.warn("removing unreadable part {} of upload {}", f.getFileName(), id);
                    Files.deleteIfExists(f);
                }
            }
        }
        bucket.uploads.put(id, upload);
    }

    private List<PartInfo> validate(Upload upload, List<CompletedPart> requested, String key) {
        if (requested == null || requested.isEmpty()) throw S3Exception.malformedXml(key);
        for (int i = 1; i < requested.size(); i++) {
            if (requested.get(i).partNumber() <= requested.get(i - 1).partNumber()) throw S3Exception.invalidPartOrder(key);
        }
        List<PartInfo> parts = new ArrayList<>(requested.size());
        for (CompletedPart c : requested) {
            PartInfo p = upload.parts.get(c.partNumber());
            if (p == null || !Digests.unquote(p.etag()).equalsIgnoreCase(Digests.unquote(c.etag()))) {
                throw S3Exception.invalidPart(key);
            }
            parts.add(p);
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).size() < MIN_PART_SIZE) throw S3Exception.entityTooSmall(key);
        }
        return parts;
    }

    private void finish(Bucket bucket, Upload upload) throws IOException {
        upload.finished = true;
        bucket.uploads.remove(upload.uploadId);
        Digests.deleteTree(upload.dir);
    }

    private static Upload find(Bucket bucket, String key, String uploadId) {
        Upload u = uploadId == null || !UPLOAD_ID.matcher(uploadId).matches() ? null : bucket.uploads.get(uploadId);
        if (u == null || !u.key.equals(key)) throw S3Exception.noSuchUpload(uploadId);
        return u;
    }
}
