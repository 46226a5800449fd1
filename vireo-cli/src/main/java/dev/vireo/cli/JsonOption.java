package dev.vireo.cli;

import dev.vireo.api.client.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The shared {@code --json} flag: print JSON for scripts instead of text for people. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON (pretty-printed) for scripts instead of text.")
    boolean enabled;

    /** With --json, prints {@code value} as JSON and returns true; the caller then prints nothing else. */
    boolean print(PrintWriter out, Object value) {
        if (enabled) {
            out.println(Json.pretty(value));
            out.flush();
        }
        return enabled;
    }

    /** With --json {@code value} as JSON, else the one-line {@code confirmation}; returns the exit code (0). */
    int printOr(PrintWriter out, Object value, String confirmation) {
        if (!print(out, value)) {
            out.println(confirmation);
            out.flush();
        }
        return 0;
    }

    /** With --json the items as JSON, else {@code table} with one row per item; returns the exit code (0). */
    <T> int printTable(PrintWriter out, List<T> items, Table table, Function<T, Object[]> row) {
        if (!print(out, items)) {
            items.forEach(item -> table.row(row.apply(item)));
            table.print(out);
        }
        return 0;
    }
}
