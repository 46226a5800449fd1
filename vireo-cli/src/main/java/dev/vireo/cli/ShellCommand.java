package dev.vireo.cli;

import dev.vireo.api.SshAccess;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "shell", description = "Open an interactive login shell in an instance over SSH.",
        footer = {"", "Example:", "  vireo shell demo"})
final class ShellCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        SshAccess access = client.connect().ssh(name);
        return SshInvocation.run(spec.commandLine().getOut(), access, true, List.of());
    }
}
