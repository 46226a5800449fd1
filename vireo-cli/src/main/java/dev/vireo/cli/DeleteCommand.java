package dev.vireo.cli;

import dev.vireo.api.client.VireoClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", description = "Delete instances and their disks. A running instance needs --force.",
        footer = {"", "Examples:", "  vireo delete demo", "  vireo delete web1 web2 --force"})
final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Instance names.")
    List<String> names;

    @Option(names = "--force", description = "Stop a running instance first (power off) instead of refusing.")
    boolean force;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        return InstanceBatch.run(spec, vireo, names, name -> vireo.delete(name, force), "Deleting", "Deleted");
    }
}
