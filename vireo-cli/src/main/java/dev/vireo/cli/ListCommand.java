package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import java.io.PrintWriter;
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
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, instances)) {
            return 0;
        }
        Table table = new Table("NAME", "TYPE", "STATUS", "IMAGE", "CPUS", "MEMORY", "ADDRESS");
        for (InstanceView i : instances) {
            table.row(i.name(), i.type(), i.status() == null ? null : i.status().label(), i.image(), i.cpus(),
                    Formats.size(i.memoryBytes()), Formats.address(i));
        }
        table.print(out);
        return 0;
    }
}
