package dev.vireo.cli;

import java.time.Duration;
import java.util.Locale;

/** Renders one line of a progress bar: {@code Launching demo [=======>      ]  45% booting  12s}. */
final class ProgressBar {
    private static final int BAR_WIDTH = 24;

    private ProgressBar() {}

    static String render(String label, double fraction, String stage, Duration elapsed, int columns) {
        double f = Double.isNaN(fraction) ? 0 : Math.clamp(fraction, 0.0, 1.0);
        int filled = (int) Math.floor(f * BAR_WIDTH);
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        String head = label + " [" + bar + "] " + String.format(Locale.ROOT, "%3d%%", Math.round(f * 100));
        String tail = " " + elapsed(elapsed);
        String text = stage == null || stage.isBlank() ? "" : " " + stage.strip();
        // Never wrap: a wrapped line cannot be redrawn in place with a carriage return.
        int room = Math.max(0, columns - 1 - head.length() - tail.length());
        if (text.length() > room) {
            text = room > 3 ? text.substring(0, room - 3) + "..." : "";
        }
        String line = head + text + tail;
        return line.length() > columns - 1 ? line.substring(0, Math.max(0, columns - 1)) : line;
    }

    static String elapsed(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return seconds < 60 ? seconds + "s" : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
