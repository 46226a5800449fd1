package dev.vireo.guest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of debugfs commands for {@code debugfs -f}. Every path is absolute (so none can pass
 * for an option) and double-quoted; debugfs has no escape for a quote or a line break, so a
 * name holding one is refused here and callers skip it with a warning.
 */
final class DebugfsScript {
    private static final int MAX_LINE = 4000; // debugfs reads -f lines into an 8 KiB buffer

    private final List<String> lines = new ArrayList<>();

    /** Whether debugfs can be given this name (or path) inside double quotes. */
    static boolean isSafe(String name) {
        return name.chars().noneMatch(c -> c == '"' || c == '\n' || c == '\r' || c == 0);
    }

    static String quote(String path) {
        if (!path.startsWith("/") || !isSafe(path)) {
            throw new IllegalArgumentException("path debugfs cannot take: " + path);
        }
        return '"' + path + '"';
    }

    DebugfsScript rm(String path) {
        return add("rm " + quote(path));
    }

    DebugfsScript rmdir(String path) {
        return add("rmdir " + quote(path));
    }

    /** Writes a new file from {@code local}, owned by root:root with the given permission bits. */
    DebugfsScript write(Path local, String path, int permissions) {
        add("write " + quote(local.toString()) + " " + quote(path));
        add("sif " + quote(path) + " mode 0" + Integer.toOctalString(0100000 | permissions));
        add("sif " + quote(path) + " uid 0");
        return add("sif " + quote(path) + " gid 0");
    }

    DebugfsScript ls(String dir) {
        return add("ls -p " + quote(dir));
    }

    DebugfsScript dump(String path, Path local) {
        return add("dump " + quote(path) + " " + quote(local.toString()));
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The file's text: one command per line. */
    String text() {
        return String.join("\n", lines) + "\n";
    }

    private DebugfsScript add(String line) {
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException("debugfs command too long: " + line.substring(0, 80) + "...");
        }
        lines.add(line);
        return this;
    }
}
