package dev.vireo.s3.store;

import dev.vireo.s3.S3Exception;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Validation of bucket names and keys, and the order S3 lists keys in. */
final class Names {
    static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** UTF-8 byte order, which for valid UTF-16 equals code point order. */
    static final Comparator<String> UTF8_ORDER = Names::compareUtf8;

    private Names() {}

    static void checkBucketName(String name) {
        if (name == null || !BUCKET.matcher(name).matches() || name.contains("..") || IPV4.matcher(name).matches()
                || name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias")
                || name.endsWith("--ol-s3")) {
            throw S3Exception.invalidBucketName(name);
        }
    }

    /** Refuses empty, too long, NUL-bearing, absolute and {@code ..}-segment keys. */
    static void checkKey(String key) {
        if (key == null || key.isEmpty()) throw S3Exception.invalidArgument("Object key must not be empty", key);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == 0) throw S3Exception.invalidArgument("Object key must not contain NUL", key);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw S3Exception.invalidArgument("Object key is not valid UTF-8", key);
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) throw S3Exception.keyTooLong(key);
        if (key.startsWith("/")) throw S3Exception.invalidArgument("Object key must not start with '/'", key);
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..")) throw S3Exception.invalidArgument("Object key must not contain a '..' segment", key);
        }
    }

    /** Hex SHA-256 of the key: the object's file name, never derived from the key's characters. */
    static String keyHash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // move surrogates above U+E000..U+FFFF so UTF-16 order becomes code point order
                    x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
                    y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
