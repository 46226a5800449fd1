package dev.vireo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "image", description = "Build, import, list, show and delete images.",
        footer = {"", "Run 'vireo image VERB --help' for a verb's flags."},
        subcommands = {ImageBuildCommand.class, ImageImportCommand.class, ImageListCommand.class,
            ImageShowCommand.class, ImageDeleteCommand.class, HelpCommand.class})
final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code vireo image} alone: list what it can do, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
