package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.PublishRequest;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "publish",
        description = {"Make an image from a stopped instance's disk, or from one of its snapshots.",
            "New instances can then be launched from it like from any image."},
        footer = {"", "Examples:", "  vireo publish demo --alias demo/golden",
            "  vireo publish demo --alias demo/v1 --snapshot before-upgrade && vireo launch demo/v1 web1"})
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String instance;

    @Option(names = "--alias", paramLabel = "ALIAS", required = true, description = "Alias of the new image.")
    String alias;

    @Option(names = "--snapshot", paramLabel = "SNAP",
            description = "Publish this snapshot (then the instance may be running).")
    String snapshot;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        OperationView op = vireo.publish(instance, new PublishRequest(alias, snapshot));
        return Operations.complete(spec, vireo, op, "Publishing " + instance,
                "Published " + instance + " as image " + alias);
    }
}
