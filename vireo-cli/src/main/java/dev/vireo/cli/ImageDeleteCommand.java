package dev.vireo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete an image from the store.",
        footer = {"", "Example:", "  vireo image delete debian/12"})
final class ImageDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ALIAS", description = "Image alias.")
    String alias;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        client.connect().deleteImage(alias);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deleted image " + alias);
        out.flush();
        return 0;
    }
}
