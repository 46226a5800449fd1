package dev.vireo.cli;

import dev.vireo.api.VolumeRequest;
import dev.vireo.api.VolumeView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "copy", description = {"Copy a volume, as it is or as it was at one of its snapshots.",
    "The copy is in the source's pool, of the source's size (copy-on-write where the pool can)."},
        footer = {"", "Examples:", "  vireo volume copy data data-test", "  vireo volume copy data data-old --snapshot s1"})
final class VolumeCopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Volume to copy.")
    String source;

    @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new volume.")
    String name;

    @Option(names = "--snapshot", paramLabel = "SNAP", description = "Copy the source as it was at this snapshot.")
    String snapshot;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VolumeView v = client.connect().createVolume(new VolumeRequest(name, null, null, source, snapshot));
        return VolumeCommand.print(spec, json, v, "Copied volume " + source
                + (snapshot == null ? "" : " at snapshot " + snapshot) + " to " + v.name());
    }
}
