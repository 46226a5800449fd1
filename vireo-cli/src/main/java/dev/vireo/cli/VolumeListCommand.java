package dev.vireo.cli;

import dev.vireo.api.Sizes;
import dev.vireo.api.VolumeView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List volumes.",
        footer = {"", "USED is the space the volume takes in its pool; SIZE is what the guest sees.",
            "", "Examples:", "  vireo volume list", "  vireo volume list --json"})
final class VolumeListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<VolumeView> volumes = client.connect().volumes();
        Table table = new Table("NAME", "POOL", "SIZE", "USED", "ATTACHED-TO", "SNAPSHOTS");
        return json.printTable(spec.commandLine().getOut(), volumes, table, v -> new Object[] {
                v.name(), v.pool(), Sizes.format(v.sizeBytes()), Sizes.format(v.allocatedBytes()), v.instance(),
                v.snapshots() == null ? null : String.join(",", v.snapshots())});
    }
}
