package dev.vireo.network.metadata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** One rendered metadata document: its content type and its bytes. */
public record MetadataDocument(String contentType, byte[] body) {
    static final String TEXT = "text/plain";
    static final String JSON = "application/json";

    public MetadataDocument {
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(body);
    }

    /** A plain-text document. */
    static MetadataDocument text(String text) {
        return new MetadataDocument(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A listing: one entry a line, without a trailing newline, as EC2 and Nova send them. */
    static MetadataDocument listing(List<String> entries) {
        return text(String.join("\n", entries));
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
