package dev.vireo.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdin and stderr are terminals. Java has no isatty(), and System.console() says
 * nothing about stderr alone, so this reads the fd links in /proc (Vireo runs on Linux only).
 */
record Terminal(boolean stdinTty, boolean stderrTty) {
    private static final int DEFAULT_COLUMNS = 80;

    static Terminal detect() {
        return new Terminal(isTty(0), isTty(2));
    }

    static boolean isTty(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Width of the controlling terminal: $COLUMNS, else what stty reports, else 80. */
    static int columns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d{1,4}")) {
            return Integer.parseInt(env);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                    .split("\\s+");
            if (stty.waitFor() == 0 && size.length == 2 && size[1].matches("\\d{1,4}")) {
                int columns = Integer.parseInt(size[1]);
                return columns > 0 ? columns : DEFAULT_COLUMNS;
            }
        } catch (IOException e) {
            // No stty or no controlling terminal: the default width is good enough for a bar.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }
}
