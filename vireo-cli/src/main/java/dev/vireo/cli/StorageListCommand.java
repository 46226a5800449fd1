package dev.vireo.cli;

import dev.vireo.api.PoolView;
import dev.vireo.api.Sizes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List storage pools with their capacity and use.",
        footer = {"", "SIZE is the pool's capacity; USED is what its volumes take up.",
            "", "Examples:", "  vireo storage list", "  vireo storage list --json"})
final class StorageListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<PoolView> pools = client.connect().pools();
        Table table = new Table("NAME", "DRIVER", "SOURCE", "SIZE", "USED", "VOLUMES");
        return json.printTable(spec.commandLine().getOut(), pools, table, p -> new Object[] {
                p.name(), p.driver(), p.source(), Sizes.format(p.capacityBytes()), Sizes.format(p.usedBytes()),
                p.volumes()});
    }
}
