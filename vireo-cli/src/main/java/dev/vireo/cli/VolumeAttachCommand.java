package dev.vireo.cli;

import dev.vireo.api.AttachRequest;
import dev.vireo.api.VolumeView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "attach", description = {"Attach a volume to an instance: hot-plugged if it runs, else at its next start.",
    "The guest finds it at the device path printed (/dev/disk/by-id/virtio-VOLUME)."},
        footer = {"", "Example:", "  vireo volume attach web1 data"})
final class VolumeAttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "Instance name.")
    String instance;

    @Parameters(index = "1", paramLabel = "VOLUME", description = "Volume name.")
    String volume;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VolumeView v = client.connect().attachVolume(instance, new AttachRequest(volume));
        return VolumeCommand.print(spec, json, v, "Attached " + v.name() + " to " + instance
                + (v.device() == null ? "" : " (" + v.device() + ")"));
    }
}
