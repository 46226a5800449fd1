package dev.vireo.cli;

import dev.vireo.api.CloneRequest;
import dev.vireo.api.OperationView;
import dev.vireo.api.client.VireoClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "clone",
        description = {"Make a new instance from the disks of another.",
            "A full clone (the default) is an independent copy; a linked clone is a thin overlay on a snapshot "
                    + "of the source, made in a moment, that keeps the snapshot from being deleted."},
        footer = {"", "Examples:", "  vireo clone demo demo2",
            "  vireo clone demo test1 --linked --snapshot before-upgrade"})
final class CloneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "Instance to clone.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Name of the new instance.")
    String target;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--snapshot", paramLabel = "SNAP",
            description = "Clone this snapshot of SRC (default: SRC as it is now, through a snapshot taken for it).")
    String snapshot;

    @Mixin
    ClientOptions client;

    static final class Mode {
        @Option(names = "--linked", required = true, description = "Thin overlay on a snapshot of SRC.")
        boolean linked;

        @Option(names = "--full", required = true, description = "Independent copy of the disks (the default).")
        boolean full;
    }

    @Override
    public Integer call() {
        String kind = mode != null && mode.linked ? "linked" : "full";
        VireoClient vireo = client.connect();
        OperationView op = vireo.cloneInstance(source, new CloneRequest(target, kind, snapshot));
        return Operations.complete(spec, vireo, op, "Cloning " + source,
                "Cloned " + source + " to " + target + " (" + kind + ")");
    }
}
