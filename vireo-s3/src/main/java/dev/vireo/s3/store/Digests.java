package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** ETag and Content-MD5 helpers, plus recursive delete. */
final class Digests {
    private Digests() {}

    /** Decodes a Content-MD5 header; InvalidDigest unless it is base64 of 16 bytes. Null stays null. */
    static byte[] parseContentMd5(String base64, String resource) {
        if (base64 == null) return null;
        try {
            byte[] d = Base64.getDecoder().decode(base64.trim());
            if (d.length != 16) throw S3Exception.invalidDigest(resource);
            return d;
        } catch (IllegalArgumentException e) {
            throw S3Exception.invalidDigest(resource);
        }
    }

    /** BadDigest when the client's Content-MD5 differs from what was received. */
    static void verify(byte[] expected, byte[] actual, String resource) {
        if (expected != null && !MessageDigest.isEqual(expected, actual)) throw S3Exception.badDigest(resource);
    }

    static String quotedHex(byte[] md5) { return '"' + HexFormat.of().formatHex(md5) + '"'; }

    /** Strips surrounding quotes from an etag, as clients send them either way. */
    static String unquote(String etag) {
        String t = etag.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
