package dev.vireo.cli;

import dev.vireo.api.Sizes;
import dev.vireo.api.VolumeRequest;
import dev.vireo.api.VolumeView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create", description = {"Create an empty volume.",
    "Attach it with 'vireo volume attach' or 'vireo launch --volume'; a mount path formats it at first boot."},
        footer = {"", "Examples:", "  vireo volume create data --size 10GiB",
            "  vireo volume create scratch --size 50G --pool fast"})
final class VolumeCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Name of the new volume.")
    String name;

    @Option(names = "--size", paramLabel = "SIZE", required = true,
            description = "Size, e.g. 10GiB or 512M (binary units).")
    String size;

    @Option(names = "--pool", paramLabel = "POOL", description = "Storage pool (default: the pool named default).")
    String pool;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        LaunchOptions.checkSize("--size", size);
        VolumeView v = client.connect().createVolume(new VolumeRequest(name, size, pool, null, null));
        return VolumeCommand.print(spec, json, v,
                "Created volume " + v.name() + " (" + Sizes.format(v.sizeBytes()) + " in pool " + v.pool() + ")");
    }
}
