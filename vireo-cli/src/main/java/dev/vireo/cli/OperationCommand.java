package dev.vireo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "operation", description = "List, show and wait for the daemon's slow work (operations).",
        footer = {"", "Run 'vireo operation VERB --help' for a verb's flags."},
        subcommands = {OperationListCommand.class, OperationShowCommand.class, OperationWaitCommand.class,
            HelpCommand.class})
final class OperationCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
