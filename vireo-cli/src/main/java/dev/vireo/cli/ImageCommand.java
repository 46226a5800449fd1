package dev.vireo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "image", description = "Build, import, list, show and delete images.",
        footer = {"", "Run 'vireo image VERB --help' for a verb's flags."},
        subcommands = {ImageBuildCommand.class, ImageImportCommand.class, ImageListCommand.class,
            ImageShowCommand.class, ImageDeleteCommand.class, HelpCommand.class})
final class ImageCommand extends VerbGroup {
}
