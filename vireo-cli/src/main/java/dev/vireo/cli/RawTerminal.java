package dev.vireo.cli;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the controlling terminal in raw mode (keys go to the guest as typed, Ctrl-C included)
 * and restores the saved settings on close, or from a shutdown hook if the JVM is killed.
 */
final class RawTerminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");
    private final String saved;
    private final Thread restoreHook;
    private boolean restored;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.restoreHook = new Thread(this::restore, "vireo-restore-terminal");
    }

    static RawTerminal enter() {
        RawTerminal terminal = new RawTerminal(stty("-g").strip());
        Runtime.getRuntime().addShutdownHook(terminal.restoreHook);
        stty("raw", "-echo");
        return terminal;
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: the terminal is being restored anyway.
        }
    }

    private synchronized void restore() {
        if (!restored) {
            restored = true;
            stty(saved);
        }
    }

    private static String stty(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "stty";
        System.arraycopy(args, 0, argv, 1, args.length);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (p.waitFor() != 0) {
                throw new VireoException(ErrorCode.INTERNAL, "stty " + String.join(" ", args) + " failed");
            }
            return output;
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot run stty: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VireoException(ErrorCode.INTERNAL, "interrupted while setting up the terminal", e);
        }
    }
}
