package dev.vireo.cli;

import dev.vireo.api.VolumeView;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "detach", description = {"Detach a volume from an instance.",
    "A running guest is asked to release it; unmount it inside the guest first."},
        footer = {"", "Examples:", "  vireo volume detach web1 data", "  vireo volume detach web1 data --timeout 120"})
final class VolumeDetachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "Instance name.")
    String instance;

    @Parameters(index = "1", paramLabel = "VOLUME", description = "Volume name.")
    String volume;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long a running guest may take to release the volume (default: 30).")
    Integer timeout;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VolumeView v = client.connect().detachVolume(instance, volume,
                timeout == null ? null : Duration.ofSeconds(timeout));
        return VolumeCommand.print(spec, json, v, "Detached " + v.name() + " from " + instance);
    }
}
