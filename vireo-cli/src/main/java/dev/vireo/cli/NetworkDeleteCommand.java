package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete a managed network.",
        footer = {"", "Example:", "  vireo network delete backend"})
final class NetworkDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Network name.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        client.connect().deleteNetwork(name);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted network " + name);
        out.flush();
        return 0;
    }
}
