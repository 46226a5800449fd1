package dev.vireo.cli;

import dev.vireo.api.InstanceView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "Show one instance.",
        footer = {"", "Examples:", "  vireo info demo", "  vireo info demo --json"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Instance name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        InstanceView i = client.connect().instance(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, i)) {
            return 0;
        }
        String status = i.status() == null ? null : i.status().label();
        if (status != null && i.statusReason() != null && !i.statusReason().isBlank()) {
            status += " (" + i.statusReason() + ")";
        }
        new Fields()
                .add("name", i.name())
                .add("uuid", i.uuid())
                .add("type", i.type())
                .add("status", status)
                .add("image", i.image())
                .add("cpus", i.cpus())
                .add("memory", Formats.size(i.memoryBytes()))
                .add("disk", Formats.size(i.diskBytes()))
                .add("accelerator", i.accelerator())
                .add("addresses", i.addresses() == null ? null : String.join(", ", i.addresses()))
                .add("ssh", Formats.sshCommand(i.ssh()))
                .add("pid", i.pid())
                .add("created", Formats.time(i.createdAt()))
                .print(out);
        return 0;
    }
}
