package dev.vireo.cli;

import picocli.CommandLine.Command;

@Command(name = "pause", description = "Pause running instances (their vCPUs stop; memory is kept).",
        footer = {"", "Example:", "  vireo pause demo"})
final class PauseCommand extends StateVerb {
    PauseCommand() {
        super("pause", "Pausing", "Paused");
    }
}
