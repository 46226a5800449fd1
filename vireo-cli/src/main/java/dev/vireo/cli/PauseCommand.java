package dev.vireo.cli;

import dev.vireo.api.StateRequest;
import dev.vireo.api.client.VireoClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pause", description = "Pause running instances (their vCPUs stop; memory is kept).",
        footer = {"", "Example:", "  vireo pause demo"})
final class PauseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Instance names.")
    List<String> names;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        StateRequest request = new StateRequest("pause", null, null);
        return InstanceBatch.run(spec, vireo, names, name -> vireo.changeState(name, request), "Pausing", "Paused");
    }
}
