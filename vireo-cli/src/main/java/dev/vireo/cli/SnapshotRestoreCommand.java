package dev.vireo.cli;

import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "restore",
        description = {"Put an instance's disks (and its memory, if saved) back to a snapshot.",
            "Changes made since the snapshot are lost."},
        footer = {"", "Example:", "  vireo snapshot restore demo before-upgrade"})
final class SnapshotRestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SnapshotArgs args;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        return Operations.complete(spec, vireo, vireo.restoreSnapshot(args.instance, args.snapshot),
                "Restoring " + args.instance, "Restored " + args.instance + " to " + args.snapshot);
    }
}
