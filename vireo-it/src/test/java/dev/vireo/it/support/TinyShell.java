package dev.vireo.it.support;

import java.time.Duration;

/** The tiny guest's root shell on its serial console: commands, and four-letter marks written to and read from disks. */
public final class TinyShell {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final GuestConsole console;

    public TinyShell(GuestConsole console) {
        this.console = console;
    }

    /** Waits until the shell answers (the ready marker comes a moment before the shell reads input). */
    public TinyShell awaitShell() {
        long offset = console.size();
        for (int i = 0; i < 50; i++) {
            console.type("echo SHELL-$((20+22))");
            if (console.since(offset).contains("SHELL-42")) {
                return this;
            }
        }
        console.await(offset, "SHELL-42", WAIT);
        return this;
    }

    /** Runs {@code command} and returns the first group of {@code regex} in what it prints. */
    public String run(String command, String regex) {
        long offset = console.size();
        console.type(command);
        return console.await(offset, regex, WAIT);
    }

    /** Writes a four-letter mark into the first sector of {@code device} and syncs. */
    public void writeMark(String device, String mark) {
        run("echo " + mark + " | dd of=" + device + " bs=512 count=1 conv=sync 2>/dev/null; sync; echo WROTE-" + mark,
                "\\n(WROTE-" + mark + ")");
    }

    /** The four-letter mark at the start of {@code device}. */
    public String readMark(String device) {
        return run("echo \"DISK[$(dd if=" + device + " bs=4 count=1 2>/dev/null)]\"", "DISK\\[([A-Z]{4})\\]");
    }
}
