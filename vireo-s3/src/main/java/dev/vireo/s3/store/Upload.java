package dev.vireo.s3.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A multipart upload in progress; part files live in {@code dir} as {@code part-NNNNN}. */
final class Upload {
    final String uploadId;
    final String key;
    final String contentType;
    final Map<String, String> metadata;
    final Instant initiated;
    final Path dir;
    final ConcurrentSkipListMap<Integer, PartInfo> parts = new ConcurrentSkipListMap<>();
    /** Set under the upload's monitor once completed or aborted. */
    boolean finished;

    Upload(String uploadId, String key, String contentType, Map<String, String> metadata, Instant initiated, Path dir) {
        this.uploadId = uploadId;
        this.key = key;
        this.contentType = contentType;
        this.metadata = Map.copyOf(metadata);
        this.initiated = initiated;
        this.dir = dir;
    }

    Path partPath(int partNumber) { return dir.resolve("part-%05d".formatted(partNumber)); }

    UploadInfo info() { return new UploadInfo(key, uploadId, initiated); }
}
