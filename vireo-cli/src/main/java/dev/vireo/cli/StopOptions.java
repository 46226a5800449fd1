package dev.vireo.cli;

import dev.vireo.api.StateRequest;
import dev.vireo.api.VireoException;
import picocli.CommandLine.Option;

/** What {@code stop} and {@code restart} share: how long to wait for a clean shutdown, and whether to force. */
final class StopOptions {
    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for the guest to shut down cleanly (default: the daemon's).")
    Integer timeoutSeconds;

    @Option(names = "--force", description = "Power off at once instead of asking the guest to shut down.")
    boolean force;

    StateRequest request(String action) {
        if (timeoutSeconds != null && timeoutSeconds < 0) {
            throw VireoException.invalid("--timeout must not be negative");
        }
        return new StateRequest(action, timeoutSeconds, force ? Boolean.TRUE : null);
    }
}
