package dev.vireo.cli;

import dev.vireo.api.StateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", description = "Stop running instances: a clean guest shutdown, or a power-off with --force.",
        footer = {"", "Examples:", "  vireo stop demo", "  vireo stop web1 web2 --timeout 30", "  vireo stop demo --force"})
final class StopCommand extends StateVerb {
    @Mixin
    StopOptions stop;

    StopCommand() {
        super("stop", "Stopping", "Stopped");
    }

    @Override
    StateRequest request(String action) {
        return stop.request(action);
    }
}
