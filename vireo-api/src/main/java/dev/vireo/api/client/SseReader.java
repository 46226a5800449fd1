package dev.vireo.api.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads Server-Sent Events: "data:" lines are joined with '\n' and handed over at each blank
 * line; comments (":keep-alive") and the id/event/retry fields are skipped, as no caller needs them.
 */
final class SseReader {
    private final BufferedReader in;

    SseReader(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** Calls {@code onData} per event until the stream ends. */
    void forEach(Consumer<String> onData) throws IOException {
        StringBuilder data = new StringBuilder();
        boolean any = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    onData.accept(data.toString());
                }
                data.setLength(0);
                any = false;
            } else if (line.startsWith("data")) {
                String value = fieldValue(line, 4);
                if (value != null) {
                    if (any) {
                        data.append('\n');
                    }
                    data.append(value);
                    any = true;
                }
            }
        }
    }

    /** The value of a field line "name:value" (one optional space after the colon), or null if the name is longer. */
    private static String fieldValue(String line, int nameLength) {
        if (line.length() == nameLength) {
            return "";
        }
        if (line.charAt(nameLength) != ':') {
            return null;
        }
        int start = nameLength + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
            start++;
        }
        return line.substring(start);
    }
}
