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

@Command(name = "restart", description = "Restart instances (a clean shutdown, then start).",
        footer = {"", "Examples:", "  vireo restart demo", "  vireo restart web1 web2 --timeout 30", "  vireo restart demo --force"})
final class RestartCommand implements Callable<Integer> {
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
        StateRequest request = stop.request("restart");
        return InstanceBatch.run(spec, vireo, names, name -> vireo.changeState(name, request), "Restarting", "Restarted");
    }
}
