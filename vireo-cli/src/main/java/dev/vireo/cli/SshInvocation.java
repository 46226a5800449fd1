package dev.vireo.cli;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.SshAccess;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the local ssh client against a guest with the daemon's key, for {@code exec} and {@code shell}. */
final class SshInvocation {
    private SshInvocation() {}

    /**
     * The ssh argv. Host keys are not checked: guests are disposable and get new keys on every
     * launch, and the daemon already vouches for the endpoint. "--" stops ssh from reading a
     * command that starts with '-' as its own option.
     */
    static List<String> argv(SshAccess access, boolean tty, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("ssh",
                "-i", access.privateKeyPath(),
                "-p", String.valueOf(access.port()),
                "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR",
                "-o", "BatchMode=yes"));
        if (tty) {
            argv.add("-t");
        }
        argv.add("--");
        argv.add(access.user() + "@" + access.host());
        if (command != null && !command.isEmpty()) {
            argv.add(ShellQuote.join(command));
        }
        return argv;
    }

    /** Runs ssh on this terminal and returns its exit code, which is the remote command's (255: ssh failed). */
    static int run(PrintWriter out, SshAccess access, boolean tty, List<String> command) {
        Path key = Path.of(access.privateKeyPath());
        if (!Files.exists(key)) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "the daemon's SSH key " + key
                    + " is not on this host: exec and shell work on the daemon's host only");
        }
        if (!Files.isReadable(key)) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "cannot read the SSH key " + key
                    + ": run vireo as root (the daemon's user)");
        }
        out.flush();
        Process ssh;
        try {
            ssh = new ProcessBuilder(argv(access, tty, command)).inheritIO().start();
        } catch (IOException e) {
            throw new VireoException(ErrorCode.UNAVAILABLE, "cannot run ssh: " + e.getMessage()
                    + " (install openssh-client)", e);
        }
        try {
            return ssh.waitFor();
        } catch (InterruptedException e) {
            ssh.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
