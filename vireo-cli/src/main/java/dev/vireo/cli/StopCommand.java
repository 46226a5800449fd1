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

@Command(name = "stop", description = "Stop running instances: a clean guest shutdown, or a power-off with --force.",
        footer = {"", "Examples:", "  vireo stop demo", "  vireo stop web1 web2 --timeout 30", "  vireo stop demo --force"})
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Instance names.")
    List<String> names;

    @Mixin
    StopOptions stop;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        StateRequest request = stop.request("stop");
        return InstanceBatch.run(spec, vireo, names, name -> vireo.changeState(name, request), "Stopping", "Stopped");
    }
}
