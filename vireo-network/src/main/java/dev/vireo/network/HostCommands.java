package dev.vireo.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.core.util.Cmd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the host's network tools, each behind an optional prefix: tests put
 * {@code ip netns exec NS} there so that a whole network lives in a scratch namespace.
 */
final class HostCommands {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<String> prefix;

    HostCommands(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs {@code argv}; the result carries the exit code. */
    Cmd.Result run(List<String> argv) {
        return Cmd.run(withPrefix(argv), TIMEOUT);
    }

    /** Runs {@code argv} and throws a one-line error naming {@code what} when it fails. */
    Cmd.Result check(String what, List<String> argv) {
        Cmd.Result r = run(argv);
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, what + " failed: " + r.lastLine(argv.getFirst()));
        }
        return r;
    }

    /**
     * Runs {@code argv} for its JSON output, which may be longer than what {@link Cmd} keeps of
     * stdout: the lines are collected as they come.
     */
    String checkJson(String what, List<String> argv) {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Cmd.Result r = Cmd.run(withPrefix(argv), TIMEOUT, null, lines::add);
        if (r.exitCode() != 0) {
            throw new VireoException(ErrorCode.INTERNAL, what + " failed: " + r.lastLine(argv.getFirst()));
        }
        synchronized (lines) {
            return String.join("\n", lines.stream().filter(l -> l.startsWith("[") || l.startsWith("{")).toList());
        }
    }

    private List<String> withPrefix(List<String> argv) {
        List<String> all = new ArrayList<>(prefix.size() + argv.size());
        all.addAll(prefix);
        all.addAll(argv);
        return all;
    }
}
