package dev.vireo.s3.store;

import java.util.List;

/**
 * A ListObjectsV2 page.
 *
 * @param nextContinuationToken opaque; null unless {@code truncated}
 * @param keyCount contents plus common prefixes, as S3 counts them
 */
public record ListObjectsResult(List<ObjectSummary> contents, List<String> commonPrefixes, boolean truncated,
                                String nextContinuationToken, int keyCount) {
    public ListObjectsResult {
        contents = List.copyOf(contents);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
