package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List instances.",
        footer = {"", "ADDRESS is the first guest address, else where the guest's SSH port is forwarded.",
            "", "Examples:", "  vireo list", "  vireo list --json | jq -r '.[].name'"})
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<InstanceView> instances = client.connect().instances();
        Table table = new Table("NAME", "TYPE", "STATUS", "IMAGE", "CPUS", "MEMORY", "ADDRESS");
        return json.printTable(spec.commandLine().getOut(), instances, table, i -> new Object[] {
                i.name(), i.type(), i.status() == null ? null : i.status().label(), i.image(), i.cpus(),
                Formats.size(i.memoryBytes()), Formats.address(i)});
    }
}
