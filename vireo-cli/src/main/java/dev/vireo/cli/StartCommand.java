package dev.vireo.cli;

import picocli.CommandLine.Command;

@Command(name = "start", description = "Start stopped instances.",
        footer = {"", "Example:", "  vireo start demo"})
final class StartCommand extends StateVerb {
    StartCommand() {
        super("start", "Starting", "Started");
    }
}
