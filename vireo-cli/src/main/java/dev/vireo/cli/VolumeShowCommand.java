package dev.vireo.cli;

import dev.vireo.api.Sizes;
import dev.vireo.api.VolumeView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one volume: where it lives, and where an instance finds it.",
        footer = {"", "Examples:", "  vireo volume show data", "  vireo volume show data --json"})
final class VolumeShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VolumeView v = client.connect().volume(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, v)) {
            return 0;
        }
        new Fields()
                .add("name", v.name())
                .add("pool", v.pool())
                .add("size", Sizes.format(v.sizeBytes()))
                .add("used", Sizes.format(v.allocatedBytes()))
                .add("attached to", v.instance())
                .add("device", v.device())
                .add("mount", v.mount())
                .add("snapshots", v.snapshots() == null ? null : String.join(", ", v.snapshots()))
                .add("created", Formats.time(v.createdAt()))
                .print(out);
        return 0;
    }
}
