package dev.vireo.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Pure functions that build SigV4's canonical request and string to sign, per the AWS spec. */
final class CanonicalRequest {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {}

    /**
     * The canonical request. {@code signedHeaders} are lowercase and sorted; a signed header the
     * request lacks contributes an empty value (the signature will then not match).
     */
    static String build(SignedRequest request, List<String> signedHeaders, String payloadHash,
            Predicate<String> keepQueryParam) {
        StringBuilder out = new StringBuilder();
        out.append(request.method()).append('\n');
        out.append(canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(request.rawQuery(), keepQueryParam)).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(canonicalHeaderValue(request.headers().all(name)))
                    .append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope.value() + "\n"
                + Crypto.sha256Hex(canonicalRequest);
    }

    /**
     * S3 signs the path once-encoded: decode what the client sent, re-encode per AWS's rules,
     * keeping '/' as the separator.
     */
    static String canonicalUri(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath : "/" + rawPath;
        return encode(decode(path, false), true);
    }

    /** Query parameters decoded, re-encoded per AWS, sorted by key then value, joined with '&'. */
    static String canonicalQuery(String rawQuery, Predicate<String> keep) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (Map.Entry<String, String> param : parseQuery(rawQuery)) {
            if (keep.test(param.getKey())) {
                params.add(Map.entry(encode(param.getKey(), false), encode(param.getValue(), false)));
            }
        }
        params.sort(Map.Entry.<String, String>comparingByKey()
                .thenComparing(Map.Entry.comparingByValue(Comparator.naturalOrder())));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> param : params) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(param.getKey()).append('=').append(param.getValue());
        }
        return out.toString();
    }

    /** Decoded query parameters in order; a parameter without '=' has an empty value. */
    static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            params.add(Map.entry(decode(key, true), decode(value, true)));
        }
        return params;
    }

    /** The first decoded value of a query parameter. */
    static Optional<String> queryParam(String rawQuery, String name) {
        return parseQuery(rawQuery).stream().filter(p -> p.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst();
    }

    /** Values trimmed, inner runs of spaces collapsed to one, joined with ','. */
    static String canonicalHeaderValue(List<String> values) {
        List<String> cleaned = new ArrayList<>(values.size());
        for (String value : values) {
            cleaned.add(value.strip().replaceAll("\\s+", " "));
        }
        return String.join(",", cleaned);
    }

    /** AWS URI encoding: unreserved characters as is, everything else as %XX of its UTF-8. */
    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Percent-decoding that leaves a malformed escape as literal text. In queries '+' means a
     * space (form encoding, as MinIO does); in paths it is a literal '+'.
     */
    static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1))
                    && isHex(text.charAt(i + 2))) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16
                        + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
