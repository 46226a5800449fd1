package dev.vireo.cli;

import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "delete",
        description = {"Delete a snapshot. One that linked clones depend on is refused (see CLONES in the list)."},
        footer = {"", "Example:", "  vireo snapshot delete demo before-upgrade"})
final class SnapshotDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SnapshotArgs args;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        return Operations.complete(spec, vireo, vireo.deleteSnapshot(args.instance, args.snapshot),
                "Deleting snapshot " + args.snapshot, "Deleted snapshot " + args.snapshot + " of " + args.instance);
    }
}
