package dev.vireo.s3.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** An immutable, case-insensitive multimap of HTTP request headers, in arrival order per name. */
public final class Headers {
    private final Map<String, List<String>> byName;

    private Headers(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** Headers copied from a map of name to values; names are matched case-insensitively. */
    public static Headers of(Map<String, ? extends List<String>> headers) {
        Builder builder = builder();
        headers.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
        return builder.build();
    }

    /** Headers from alternating name, value pairs: {@code Headers.of("Host", "a", "Range", "b")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** A builder of headers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The first value of a header, if present. */
    public Optional<String> first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** All values of a header, empty if absent. */
    public List<String> all(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Whether the header is present. */
    public boolean contains(String name) {
        return byName.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The lowercased header names. */
    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public String toString() {
        // Names only: values may carry signatures or credentials.
        return "Headers" + byName.keySet();
    }

    /** Accumulates headers; names are lowercased. */
    public static final class Builder {
        private final Map<String, List<String>> byName = new TreeMap<>();

        private Builder() {}

        /** Adds one value of a header. */
        public Builder add(String name, String value) {
            byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
            return this;
        }

        /** The immutable headers. */
        public Headers build() {
            Map<String, List<String>> copy = new TreeMap<>();
            byName.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return new Headers(Collections.unmodifiableMap(copy));
        }
    }
}
