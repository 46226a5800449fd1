package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete a volume and its snapshots. An attached volume is refused.",
        footer = {"", "Example:", "  vireo volume delete data"})
final class VolumeDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        client.connect().deleteVolume(name);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted volume " + name);
        out.flush();
        return 0;
    }
}
