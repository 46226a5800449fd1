package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "operation", description = "List, show and wait for the daemon's slow work (operations).",
        footer = {"", "Run 'vireo operation VERB --help' for a verb's flags."},
        subcommands = {OperationListCommand.class, OperationShowCommand.class, OperationWaitCommand.class,
            HelpCommand.class})
final class OperationCommand extends VerbGroup {
}
