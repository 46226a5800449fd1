package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "snapshot", description = "Create, list, restore and delete snapshots of an instance.",
        footer = {"", "Run 'vireo snapshot VERB --help' for a verb's flags."},
        subcommands = {SnapshotCreateCommand.class, SnapshotListCommand.class, SnapshotRestoreCommand.class,
            SnapshotDeleteCommand.class, HelpCommand.class})
final class SnapshotCommand extends VerbGroup {
}
