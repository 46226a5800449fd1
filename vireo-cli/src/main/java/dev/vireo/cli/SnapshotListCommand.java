package dev.vireo.cli;

import dev.vireo.api.Sizes;
import dev.vireo.api.SnapshotView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List an instance's snapshots, oldest first.",
        footer = {"", "Examples:", "  vireo snapshot list demo", "  vireo snapshot list demo --json"})
final class SnapshotListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String instance;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<SnapshotView> snapshots = client.connect().snapshots(instance);
        Table table = new Table("NAME", "TYPE", "LIVE", "SIZE", "CLONES", "CREATED");
        return json.printTable(spec.commandLine().getOut(), snapshots, table, s -> new Object[] {
                s.name(), s.memory() ? "disk+memory" : "disk", Formats.yesNo(s.live()), Sizes.format(s.sizeBytes()),
                s.clones() == null ? null : String.join(",", s.clones()), Formats.time(s.createdAt())});
    }
}
