package dev.vireo.cli;

import dev.vireo.api.PoolView;
import dev.vireo.api.Sizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one storage pool.",
        footer = {"", "Examples:", "  vireo storage show default", "  vireo storage show default --json"})
final class StorageShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Pool name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        PoolView p = client.connect().pool(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, p)) {
            return 0;
        }
        new Fields()
                .add("name", p.name())
                .add("driver", p.driver())
                .add("source", p.source())
                .add("size", Sizes.format(p.capacityBytes()))
                .add("used", Sizes.format(p.usedBytes()))
                .add("volumes", p.volumes())
                .add("created", Formats.time(p.createdAt()))
                .print(out);
        return 0;
    }
}
