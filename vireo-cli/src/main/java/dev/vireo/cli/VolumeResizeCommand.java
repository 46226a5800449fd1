package dev.vireo.cli;

import dev.vireo.api.Sizes;
import dev.vireo.api.VolumeUpdateRequest;
import dev.vireo.api.VolumeView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resize",
        description = {"Grow a volume (online, if a running instance uses it); volumes never shrink.",
            "The guest's filesystem is not grown: do that inside the guest (e.g. resize2fs)."},
        footer = {"", "Example:", "  vireo volume resize data --size 20GiB"})
final class VolumeResizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name;

    @Option(names = "--size", paramLabel = "SIZE", required = true,
            description = "New size, larger than the current one, e.g. 20GiB.")
    String size;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        LaunchOptions.checkSize("--size", size);
        VolumeView v = client.connect().resizeVolume(name, new VolumeUpdateRequest(size));
        return VolumeCommand.print(spec, json, v, "Resized volume " + v.name() + " to " + Sizes.format(v.sizeBytes()));
    }
}
