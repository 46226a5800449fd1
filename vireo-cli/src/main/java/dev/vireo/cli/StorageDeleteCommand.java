package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete a storage pool. One that still holds volumes is refused.",
        footer = {"", "Example:", "  vireo storage delete bulk"})
final class StorageDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Pool name.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        client.connect().deletePool(name);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted storage pool " + name);
        out.flush();
        return 0;
    }
}
