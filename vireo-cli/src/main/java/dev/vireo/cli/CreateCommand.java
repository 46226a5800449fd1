package dev.vireo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Create an instance from an image without starting it (start it with: vireo start NAME)."},
        footer = {"", "Examples:", "  vireo create debian/12 demo --memory 1GiB && vireo start demo",
            "  vireo create debian/12 db1 --network backend,secgroup=db"})
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LaunchOptions options;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        return InstanceLauncher.run(spec, client, json, options, false);
    }
}
