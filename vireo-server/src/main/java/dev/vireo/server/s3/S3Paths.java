package dev.vireo.server.s3;

import dev.vireo.s3.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Path-style S3 addresses: {@code /BUCKET/KEY} with the key percent-encoded as the client sent it. */
record S3Paths(String bucket, String key) {
    /** Splits a raw (still encoded) request path; bucket and key are null when absent. */
    static S3Paths parse(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return new S3Paths(null, null);
        }
        int slash = path.indexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            return new S3Paths(decode(slash < 0 ? path : path.substring(0, slash), false), null);
        }
        return new S3Paths(decode(path.substring(0, slash), false), decode(path.substring(slash + 1), false));
    }

    /** The query's parameters, decoded ({@code +} is a space there); a parameter without '=' maps to "". */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq), true),
                    eq < 0 ? "" : decode(pair.substring(eq + 1), true));
        }
        return params;
    }

    /** Percent-decodes UTF-8; {@code plusIsSpace} for query strings. */
    static String decode(String s, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw S3Exception.invalidArgument("malformed percent-encoding in '" + s + "'", null);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw S3Exception.invalidArgument("malformed percent-encoding in '" + s + "'", null);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** URL-encodes as S3 does for {@code encoding-type=url}: everything but unreserved characters and '/'. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
