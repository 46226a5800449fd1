package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * ListObjectsV2 over a bucket index. Continuation tokens are base64url of {@code K<key>} (last key
 * returned) or {@code P<prefix>} (last common prefix returned, whose keys must all be skipped).
 */
final class Lister {
    static final int MAX_KEYS = 1000;

    private Lister() {}

    static ListObjectsResult list(NavigableMap<String, ObjectSummary> index, String prefix, String delimiter,
                                  int maxKeys, String continuationToken, String startAfter) {
        if (maxKeys < 0) throw S3Exception.invalidArgument("maxKeys must not be negative", null);
        prefix = prefix == null ? "" : prefix;
        delimiter = delimiter == null ? "" : delimiter;
        int limit = Math.min(maxKeys, MAX_KEYS);
        String start = null;
        String skipPrefix = null;
        if (continuationToken != null) {
            String token = decode(continuationToken);
            start = token.substring(1);
            if (token.charAt(0) == 'P') skipPrefix = start;
        } else if (startAfter != null && !startAfter.isEmpty()) {
            start = startAfter;
        }
        NavigableMap<String, ObjectSummary> view = index;
        if (start != null && Names.compareUtf8(start, prefix) >= 0) {
            view = index.tailMap(start, false);
        } else if (!prefix.isEmpty()) {
            view = index.tailMap(prefix, true);
        }
        List<ObjectSummary> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        Iterator<Map.Entry<String, ObjectSummary>> it = view.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ObjectSummary> e = it.next();
            String key = e.getKey();
            if (!key.startsWith(prefix)) break;
            if (skipPrefix != null && key.startsWith(skipPrefix)) continue;
            String common = commonPrefix(key, prefix, delimiter);
            if (common != null && !prefixes.isEmpty() && common.equals(prefixes.getLast())) continue;
            if (contents.size() + prefixes.size() >= limit) {
                truncated = limit > 0;
                break;
            }
            if (common != null) {
                prefixes.add(common);
                last = "P" + common;
                String past = pastPrefix(common);
                if (past != null) it = index.tailMap(past, true).entrySet().iterator(); // skip the rolled-up keys
            } else {
                contents.add(e.getValue());
                last = "K" + key;
            }
        }
        String next = truncated ? encode(last) : null;
        return new ListObjectsResult(contents, prefixes, truncated, next, contents.size() + prefixes.size());
    }

    /**
     * The smallest string above every string starting with {@code p}, or null when the last char
     * is near the surrogate range, where incrementing it would not preserve UTF-8 order.
     */
    private static String pastPrefix(String p) {
        char c = p.charAt(p.length() - 1);
        return c >= 0xD000 ? null : p.substring(0, p.length() - 1) + (char) (c + 1);
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter.isEmpty()) return null;
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    private static String encode(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.length() < 2 || (s.charAt(0) != 'K' && s.charAt(0) != 'P')) throw new IllegalArgumentException();
            return s;
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidArgument("The continuation token provided is incorrect", null);
        }
    }
}
