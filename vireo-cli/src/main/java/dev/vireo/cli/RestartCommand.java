package dev.vireo.cli;

import dev.vireo.api.StateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "restart", description = "Restart instances (a clean shutdown, then start).",
        footer = {"", "Examples:", "  vireo restart demo", "  vireo restart web1 web2 --timeout 30", "  vireo restart demo --force"})
final class RestartCommand extends StateVerb {
    @Mixin
    StopOptions stop;

    RestartCommand() {
        super("restart", "Restarting", "Restarted");
    }

    @Override
    StateRequest request(String action) {
        return stop.request(action);
    }
}
