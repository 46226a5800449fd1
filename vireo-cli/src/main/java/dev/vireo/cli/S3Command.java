package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "s3", description = "The S3-compatible object store (daemon flag --s3-listen).",
        footer = {"", "Run 'vireo s3 key VERB --help' for a verb's flags."},
        subcommands = {S3KeyCommand.class, HelpCommand.class})
final class S3Command extends VerbGroup {
}
