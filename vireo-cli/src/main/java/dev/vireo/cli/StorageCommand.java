package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "storage", description = "Create, list, show and delete storage pools, where volumes live.",
        footer = {"", "Run 'vireo storage VERB --help' for a verb's flags."},
        subcommands = {StorageCreateCommand.class, StorageListCommand.class, StorageShowCommand.class,
            StorageDeleteCommand.class, HelpCommand.class})
final class StorageCommand extends VerbGroup {
}
