package dev.vireo.network.metadata;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path cut into its segments. Repeated and trailing slashes are dropped, so
 * {@code //latest//meta-data/} and {@code /latest/meta-data} are the same path; a path with a
 * {@code .} or {@code ..} segment, or a control character, is refused rather than resolved.
 */
record MetadataPath(List<String> segments) {
    MetadataPath {
        segments = List.copyOf(segments);
    }

    /**
     * The percent-decoded path of a request target, or null when it has none. Not
     * {@link URI#getPath()}: that reads {@code //latest//meta-data} as host {@code latest} and
     * path {@code //meta-data}, but in a request line it is all path.
     */
    static String requestPath(URI target) {
        String raw = target.getScheme() == null ? target.getRawSchemeSpecificPart() : target.getRawPath();
        if (raw == null) {
            return null;
        }
        int query = raw.indexOf('?');
        raw = query >= 0 ? raw.substring(0, query) : raw;
        if (!raw.startsWith("/")) {
            return null;
        }
        try {
            return URI.create("http://metadata" + raw).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The path of a (percent-decoded) request path, or empty when it must be refused. */
    static Optional<MetadataPath> parse(String path) {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.contains(".") || segments.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new MetadataPath(segments));
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    String first() {
        return segments.getFirst();
    }

    /** This path without its first segment. */
    MetadataPath rest() {
        return new MetadataPath(segments.subList(1, segments.size()));
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
