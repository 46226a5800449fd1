package dev.vireo.cli;

import dev.vireo.api.SecurityGroupRequest;
import dev.vireo.api.SecurityGroupView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "create",
        description = {"Create a security group with its first allow rules (none: it allows nothing in).",
            "Put it on a NIC with 'vireo secgroup attach' or 'vireo launch --network NET,secgroup=NAME'."},
        footer = {"", SecurityGroupCommand.RULE_SYNTAX_1, SecurityGroupCommand.RULE_SYNTAX_2,
            "", "Examples:", "  vireo secgroup create web --allow tcp:80,443 --allow tcp:22/10.0.0.0/8",
            "  vireo secgroup create ping --allow icmp"})
final class SecurityGroupCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Name of the new security group.")
    String name;

    @Option(names = "--allow", paramLabel = "RULE", description = SecurityGroupCommand.ALLOW + " Repeat for several.")
    List<String> allow = new ArrayList<>();

    @Mixin
    JsonOption json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        SecurityGroupView g = client.connect()
                .createSecurityGroup(new SecurityGroupRequest(name, List.copyOf(allow)));
        int rules = g.rules() == null ? 0 : g.rules().size();
        return json.printOr(spec.commandLine().getOut(), g,
                "Created security group " + g.name() + " (" + rules + (rules == 1 ? " rule)" : " rules)"));
    }
}
