package dev.vireo.api.client;

import dev.vireo.api.VireoException;
import java.nio.charset.StandardCharsets;

/** Percent-encodes path parts. Image aliases keep their '/' raw: "/v1/images/debian/12" is the contract. */
final class PathEncoding {
    private static final String HEX = "0123456789ABCDEF";

    private PathEncoding() {}

    static String segment(String value, String what) {
        return encode(requireText(value, what), false);
    }

    static String alias(String alias) {
        return encode(requireText(alias, "image alias"), true);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw VireoException.invalid(what + " is empty");
        }
        return value;
    }

    private static String encode(String value, boolean keepSlash) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c) || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
