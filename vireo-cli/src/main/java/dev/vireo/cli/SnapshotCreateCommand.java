package dev.vireo.cli;

import dev.vireo.api.OperationView;
import dev.vireo.api.SnapshotRequest;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Snapshot an instance's disks, running or stopped.",
            "With --memory a running instance's RAM and device state are saved too, so a restore resumes it."},
        footer = {"", "Examples:", "  vireo snapshot create demo before-upgrade",
            "  vireo snapshot create demo warm --memory"})
final class SnapshotCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SnapshotArgs args;

    @Option(names = "--memory", description = "Also save RAM and device state (the instance must be running).")
    boolean memory;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        VireoClient vireo = client.connect();
        OperationView op = vireo.createSnapshot(args.instance, new SnapshotRequest(args.snapshot, memory));
        return Operations.complete(spec, vireo, op, "Snapshotting " + args.instance,
                "Snapshot " + args.snapshot + " of " + args.instance + " created" + (memory ? " (with memory)" : ""));
    }
}
