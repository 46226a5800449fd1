package dev.vireo.cli;

import picocli.CommandLine.Command;

@Command(name = "resume", description = "Resume paused instances.",
        footer = {"", "Example:", "  vireo resume demo"})
final class ResumeCommand extends StateVerb {
    ResumeCommand() {
        super("resume", "Resuming", "Resumed");
    }
}
