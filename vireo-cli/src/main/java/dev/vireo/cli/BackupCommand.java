package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "backup", description = "Back up instances' root disks to qcow2 files, and restore them.",
        footer = {"", "Run 'vireo backup VERB --help' for a verb's flags."},
        subcommands = {BackupCreateCommand.class, BackupListCommand.class, BackupRestoreCommand.class,
            BackupDeleteCommand.class, HelpCommand.class})
final class BackupCommand extends VerbGroup {
}
