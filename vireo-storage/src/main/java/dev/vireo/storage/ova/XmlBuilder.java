package dev.vireo.storage.ova;

/** Indented XML text, escaped; characters XML 1.0 cannot carry are dropped. Pure and small on purpose. */
final class XmlBuilder {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private int depth;

    /** Opens {@code tag} with attribute name/value pairs. */
    XmlBuilder open(String tag, String... attributes) {
        indent().append('<').append(tag);
        attributes(attributes);
        out.append(">\n");
        depth++;
        return this;
    }

    XmlBuilder close(String tag) {
        depth--;
        indent().append("</").append(tag).append(">\n");
        return this;
    }

    /** {@code <tag attrs>text</tag>}. */
    XmlBuilder leaf(String tag, String text, String... attributes) {
        indent().append('<').append(tag);
        attributes(attributes);
        out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** {@code <tag attrs/>}. */
    XmlBuilder empty(String tag, String... attributes) {
        indent().append('<').append(tag);
        attributes(attributes);
        out.append("/>\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void attributes(String[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(' ').append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }

    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                case '\t', '\n', '\r' -> s.append("&#").append(c).append(';'); // kept exactly, also in attributes
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && (c < 0xD800 || c > 0xDFFF)) {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }
}
