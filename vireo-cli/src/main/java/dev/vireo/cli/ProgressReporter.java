package dev.vireo.cli;

import dev.vireo.api.OperationView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Shows an operation's progress on stderr: a bar redrawn in place when stderr is a terminal,
 * otherwise one line per stage change so logs and CI output stay readable.
 */
final class ProgressReporter implements Consumer<OperationView>, AutoCloseable {
    private static final Pattern ELAPSED_SUFFIX = Pattern.compile("\\s*\\(\\d+(\\.\\d+)?\\s*s\\)$");
    private final PrintWriter err;
    private final String label;
    private final boolean bar;
    private final int columns;
    private final long startNanos = System.nanoTime();
    /** Progress of the work, kept when the daemon reports a negative (unknown) fraction. */
    private double fraction;
    private String lastStage;
    private boolean drawn;

    ProgressReporter(PrintWriter err, String label, boolean bar, int columns) {
        this.err = err;
        this.label = label;
        this.bar = bar;
        this.columns = columns;
    }

    @Override
    public void accept(OperationView op) {
        if (op.progress() >= 0) {
            fraction = op.progress();
        }
        if (bar) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            err.print("\r" + ProgressBar.render(label, fraction, op.progressText(), elapsed, columns) + "\033[K");
            err.flush();
            drawn = true;
            return;
        }
        String stage = stage(op.progressText());
        if (!stage.isEmpty() && !stage.equals(lastStage)) {
            lastStage = stage;
            err.println(label + ": " + stage);
            err.flush();
        }
    }

    /**
     * The stage without a trailing elapsed-time counter such as "(12 s)": the daemon may update
     * one every second, and a log wants one line per stage, not per second.
     */
    static String stage(String progressText) {
        return progressText == null ? "" : ELAPSED_SUFFIX.matcher(progressText.strip()).replaceFirst("");
    }

    /** Erases the bar so the verb's result line (or the error) starts on a clean line. */
    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
