package dev.vireo.cli;

import dev.vireo.api.SecurityGroupView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "Show one security group: its rules and the NICs it filters.",
        footer = {"", "Examples:", "  vireo secgroup show web", "  vireo secgroup show web --json"})
final class SecurityGroupShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Security group name.")
    String name;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        SecurityGroupView g = client.connect().securityGroup(name);
        PrintWriter out = spec.commandLine().getOut();
        if (json.print(out, g)) {
            return 0;
        }
        new Fields()
                .add("name", g.name())
                .add("rules", SecurityGroupListCommand.rules(g))
                .add("nics", g.nics() == null ? null : String.join(", ", g.nics()))
                .add("created", Formats.time(g.createdAt()))
                .print(out);
        return 0;
    }
}
