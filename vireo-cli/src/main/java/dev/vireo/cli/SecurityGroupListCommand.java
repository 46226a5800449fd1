package dev.vireo.cli;

import dev.vireo.api.SecurityGroupView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List security groups with their rules and the NICs they filter.",
        footer = {"", "NICS are INSTANCE/NIC, e.g. web1/eth0.",
            "", "Examples:", "  vireo secgroup list", "  vireo secgroup list --json"})
final class SecurityGroupListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        List<SecurityGroupView> groups = client.connect().securityGroups();
        Table table = new Table("NAME", "RULES", "NICS");
        return json.printTable(spec.commandLine().getOut(), groups, table, g -> new Object[] {
                g.name(), rules(g), g.nics() == null ? null : String.join(",", g.nics())});
    }

    /** Rules hold commas ("tcp:22,80"), so they are set apart by spaces. */
    static String rules(SecurityGroupView g) {
        return g.rules() == null ? null : String.join(" ", g.rules());
    }
}
