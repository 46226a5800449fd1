package dev.vireo.cloudinit;

import dev.vireo.core.seed.NoCloudSeed;
import java.util.List;

/**
 * Renders NoCloud meta-data as YAML. Every value is a double-quoted scalar with escapes, so a
 * hostname or key holding ':', '#', quotes, newlines or YAML keywords ("yes", "null") stays a string.
 */
final class MetaDataYaml {
    private MetaDataYaml() {}

    static String render(NoCloudSeed seed) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("instance-id: ").append(quote(seed.instanceId())).append('\n');
        yaml.append("local-hostname: ").append(quote(seed.hostname())).append('\n');
        List<String> keys = seed.publicKeys().stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        if (keys.isEmpty()) {
            yaml.append("public-keys: []\n");
        } else {
            yaml.append("public-keys:\n");
            keys.forEach(k -> yaml.append("  - ").append(quote(k)).append('\n'));
        }
        return yaml.toString();
    }

    /** A YAML 1.1/1.2 double-quoted scalar (PyYAML, which cloud-init uses, reads both). */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> appendEscaped(out, c));
        return out.append('"').toString();
    }

    private static void appendEscaped(StringBuilder out, int c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            case 0 -> out.append("\\0");
            default -> {
                if (c <= 0xFFFF && Character.isSurrogate((char) c)) {
                    out.append("\\uFFFD"); // a lone surrogate cannot be encoded in UTF-8
                } else if (needsEscape(c)) {
                    out.append(String.format("\\u%04X", c));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    /** Characters YAML does not allow unescaped (non-printable) or that parsers treat as line breaks. */
    private static boolean needsEscape(int c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x85 || c == 0x2028 || c == 0x2029
                || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF;
    }
}
