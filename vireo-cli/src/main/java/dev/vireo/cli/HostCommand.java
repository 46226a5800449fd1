package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "host", description = "Show facts about the daemon's host.",
        footer = {"", "Run 'vireo host info --help' for its flags."},
        subcommands = {HostInfoCommand.class, HelpCommand.class})
final class HostCommand extends VerbGroup {
}
