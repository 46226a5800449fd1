package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** "key: value" lines with the values aligned, for the human form of info/show verbs. */
final class Fields {
    private final Map<String, String> fields = new LinkedHashMap<>();

    Fields add(String key, Object value) {
        fields.put(key, Table.text(value));
        return this;
    }

    void print(PrintWriter out) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        fields.forEach((key, value) -> {
            String label = key + ":";
            out.println(label + " ".repeat(width - label.length() + 1) + value);
        });
        out.flush();
    }
}
